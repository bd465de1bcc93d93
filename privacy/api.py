"""`/api/v1/cases/<id>/legal-hold/`: read, set (POST) and lift (DELETE) a case's legal hold."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgr import clock
from casemgr.textlimits import REASON_MAX_LENGTH
from cases.api.inputs import validated
from cases.api.lookups import acting_user
from privacy.access import access_case_hold
from privacy.holds import active_hold, do_lift_legal_hold, do_set_legal_hold
from privacy.models import LegalHold


class LegalHoldInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reason = serializers.CharField(max_length=REASON_MAX_LENGTH)


class LegalHoldOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reason = serializers.CharField()
    set_at = serializers.DateTimeField()
    by = serializers.CharField(source="set_by.username")


class LegalHoldStateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    legal_hold = LegalHoldOutputSerializer(allow_null=True, help_text="The hold in force; null if none.")


def _hold(hold: LegalHold | None) -> Any:
    return {"legal_hold": LegalHoldOutputSerializer(hold).data if hold is not None else None}


class LegalHoldApi(APIView):
    @extend_schema(responses=LegalHoldStateSerializer)
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        """The hold in force (null if none). For the case's supervisors and the data protection officer."""
        case = access_case_hold(request.user, case_id)
        return Response(_hold(active_hold(case)))

    @extend_schema(request=LegalHoldInputSerializer, responses={201: LegalHoldStateSerializer})
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        """Put the case on legal hold: nothing of it is purged until the hold is lifted."""
        case = access_case_hold(request.user, case_id)
        data = validated(LegalHoldInputSerializer, request.data)
        try:
            hold = do_set_legal_hold(case, reason=data["reason"], acting_user=acting_user(request), at=clock.now())
        except DjangoPermissionDenied:
            raise NotFound from None
        return Response(_hold(hold), status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, case_id: uuid.UUID) -> Response:
        """Lift the hold; the retention schedule applies to the case again."""
        case = access_case_hold(request.user, case_id)
        try:
            do_lift_legal_hold(case, acting_user=acting_user(request), at=clock.now())
        except DjangoPermissionDenied:
            raise NotFound from None
        return Response(status=status.HTTP_204_NO_CONTENT)
