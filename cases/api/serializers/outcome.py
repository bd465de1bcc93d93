"""Output serializers for outcomes, their sanctions and appeals, and the sanction catalogue."""

from __future__ import annotations

from rest_framework import serializers

from cases.api.serializers.common import PersonOutputSerializer
from cases.models import Appeal, SanctionType


class SanctionTypeOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    name = serializers.CharField()
    statutory = serializers.BooleanField()
    parameter = serializers.ChoiceField(choices=SanctionType.Parameter.choices)
    active = serializers.BooleanField()


class SanctionOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    type = serializers.CharField(source="type.code")
    name = serializers.CharField(source="type.name")
    # A warning letter or an apology is not a statutory sanction; every sanction says which it is.
    statutory = serializers.BooleanField(source="type.statutory")
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    months = serializers.IntegerField(allow_null=True)
    courses = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)
    complied_at = serializers.DateTimeField(allow_null=True)


class AppealOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    outcome = serializers.IntegerField(source="outcome_id")
    lodged_at = serializers.DateTimeField()
    lodged_by = serializers.IntegerField(source="lodged_by_id", help_text="The party who appealed.")
    grounds = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    result = serializers.ChoiceField(choices=Appeal.Result.choices, allow_blank=True)


class OutcomeOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """An outcome; expects `sanctions__type` and `appeals` prefetched."""

    id = serializers.IntegerField()
    decided_at = serializers.DateTimeField()
    decided_by = PersonOutputSerializer()
    reasons = serializers.CharField()
    includes_statutory_sanction = serializers.BooleanField()
    sanctions = SanctionOutputSerializer(many=True)
    appeals = AppealOutputSerializer(many=True)
