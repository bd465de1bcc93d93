"""Output shapes shared by every API resource."""

from __future__ import annotations

from rest_framework import serializers


class PersonOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A person or staff member: `id` is the institutional id (the username), never the database key."""

    id = serializers.CharField(source="username")
    name = serializers.CharField(source="display_name")
