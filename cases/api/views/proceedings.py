"""External proceedings (police, privacy commissioner, EOC) and pauses of the investigation."""

from __future__ import annotations

import uuid

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgr import clock
from casemgr.textlimits import REASON_MAX_LENGTH
from cases.access import CHANGE
from cases.actions.proceedings import (
    do_pause_investigation,
    do_record_proceeding,
    do_resume_investigation,
    do_update_proceeding,
)
from cases.api.inputs import StrictDateTimeField, validated
from cases.api.lookups import acting_user, case_for, within
from cases.api.serializers.case import PauseOutputSerializer, ProceedingOutputSerializer
from cases.models import ExternalProceeding


class ProceedingInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    body = serializers.ChoiceField(choices=ExternalProceeding.Body.choices)
    complainant_consent = serializers.BooleanField(default=False)
    reported_at = StrictDateTimeField(required=False, allow_null=True, default=None)
    reference_number = serializers.CharField(allow_blank=True, default="", max_length=100)
    status = serializers.ChoiceField(
        choices=ExternalProceeding.Status.choices, default=ExternalProceeding.Status.CONSIDERING
    )


class CaseProceedingApi(APIView):
    @extend_schema(request=ProceedingInputSerializer, responses={201: ProceedingOutputSerializer})
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        case = case_for(request, case_id, permission=CHANGE)
        data = validated(ProceedingInputSerializer, request.data)
        proceeding = do_record_proceeding(case, **data, acting_user=acting_user(request), at=clock.now())
        return Response(ProceedingOutputSerializer(proceeding).data, status=status.HTTP_201_CREATED)


class ProceedingUpdateInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    status = serializers.ChoiceField(choices=ExternalProceeding.Status.choices, required=False)
    reference_number = serializers.CharField(allow_blank=True, required=False, max_length=100)


class ProceedingDetailApi(APIView):
    @extend_schema(request=ProceedingUpdateInputSerializer, responses=ProceedingOutputSerializer)
    def patch(self, request: Request, case_id: uuid.UUID, pk: int) -> Response:
        """Change the status or the other body's reference; a field left out keeps its value."""
        case = case_for(request, case_id, permission=CHANGE)
        proceeding = within(case.proceedings.all(), pk)
        data = validated(ProceedingUpdateInputSerializer, request.data)
        do_update_proceeding(
            proceeding,
            status=data.get("status", proceeding.status),
            reference_number=data.get("reference_number", proceeding.reference_number),
            acting_user=acting_user(request),
            at=clock.now(),
        )
        return Response(ProceedingOutputSerializer(proceeding).data)


class PauseInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reason = serializers.CharField(max_length=REASON_MAX_LENGTH)
    review_at = StrictDateTimeField()


class CasePauseApi(APIView):
    @extend_schema(request=PauseInputSerializer, responses={201: PauseOutputSerializer})
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        """Pause the case's deadlines until a review date (e.g. at police request)."""
        case = case_for(request, case_id, permission=CHANGE)
        data = validated(PauseInputSerializer, request.data)
        pause = do_pause_investigation(case, **data, acting_user=acting_user(request), at=clock.now())
        return Response(PauseOutputSerializer(pause).data, status=status.HTTP_201_CREATED)


class CaseResumeApi(APIView):
    @extend_schema(request=None, responses=PauseOutputSerializer)
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        case = case_for(request, case_id, permission=CHANGE)
        pause = do_resume_investigation(case, acting_user=acting_user(request), at=clock.now())
        return Response(PauseOutputSerializer(pause).data)
