"""Outcomes with their sanctions, compliance with conditions, appeals, and the sanction catalogue."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, prefetch_related_objects
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgr import clock
from casemgr.textlimits import COURSES_MAX_LENGTH, NOTE_MAX_LENGTH
from cases.access import CHANGE
from cases.actions.outcome import (
    SanctionInput,
    do_decide_appeal,
    do_lodge_appeal,
    do_record_compliance,
    do_record_outcome,
)
from cases.api.inputs import StrictDateTimeField, validated
from cases.api.lookups import acting_user, case_for, field_within, within
from cases.api.serializers.outcome import (
    AppealOutputSerializer,
    OutcomeOutputSerializer,
    SanctionOutputSerializer,
    SanctionTypeOutputSerializer,
)
from cases.models import Appeal, Outcome, Sanction, SanctionType


class SanctionInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    type = serializers.CharField(max_length=40, help_text="A code from the sanction catalogue (sanction-types/).")
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True, default=None)
    months = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    courses = serializers.CharField(required=False, allow_blank=True, default="", max_length=COURSES_MAX_LENGTH)
    due_at = StrictDateTimeField(required=False, allow_null=True, default=None)
    complied_at = StrictDateTimeField(required=False, allow_null=True, default=None)


class OutcomeInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    sanctions = SanctionInputSerializer(many=True)
    reasons = serializers.CharField(allow_blank=True, default="", max_length=NOTE_MAX_LENGTH)


class CaseOutcomeApi(APIView):
    @extend_schema(request=OutcomeInputSerializer, responses={201: OutcomeOutputSerializer})
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        """Record the decision on the case (it moves to `decided`); says whether a statutory sanction is in it."""
        case = case_for(request, case_id, permission=CHANGE)
        data = validated(OutcomeInputSerializer, request.data)
        outcome = do_record_outcome(
            case,
            sanctions=[SanctionInput(**s) for s in data["sanctions"]],
            reasons=data["reasons"],
            acting_user=acting_user(request),
            at=clock.now(),
        )
        prefetch_related_objects(
            [outcome], Prefetch("sanctions", queryset=Sanction.objects.select_related("type")), "appeals"
        )
        return Response(OutcomeOutputSerializer(outcome).data, status=status.HTTP_201_CREATED)


class ComplianceInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    complied_at = StrictDateTimeField()


class SanctionComplianceApi(APIView):
    @extend_schema(request=ComplianceInputSerializer, responses=SanctionOutputSerializer)
    def post(self, request: Request, case_id: uuid.UUID, pk: int) -> Response:
        """Record that a condition with a due date was complied with."""
        case = case_for(request, case_id, permission=CHANGE)
        sanction = within(Sanction.objects.filter(outcome__case=case).select_related("type", "outcome"), pk)
        sanction.outcome.case = case
        data = validated(ComplianceInputSerializer, request.data)
        do_record_compliance(
            sanction, complied_at=data["complied_at"], acting_user=acting_user(request), at=clock.now()
        )
        return Response(SanctionOutputSerializer(sanction).data)


class AppealInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    party = serializers.IntegerField(help_text="The id of the appealing party's record on this case.")
    grounds = serializers.CharField(max_length=NOTE_MAX_LENGTH)


class OutcomeAppealApi(APIView):
    @extend_schema(request=AppealInputSerializer, responses={201: AppealOutputSerializer})
    def post(self, request: Request, case_id: uuid.UUID, pk: int) -> Response:
        case = case_for(request, case_id, permission=CHANGE)
        outcome = within(Outcome.objects.filter(case=case), pk)
        outcome.case = case
        data = validated(AppealInputSerializer, request.data)
        party = field_within(case.parties.all(), data["party"], field="party")
        appeal = do_lodge_appeal(
            outcome, party=party, grounds=data["grounds"], acting_user=acting_user(request), at=clock.now()
        )
        return Response(AppealOutputSerializer(appeal).data, status=status.HTTP_201_CREATED)


class AppealDecisionInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    result = serializers.ChoiceField(choices=Appeal.Result.choices)


class AppealDecisionApi(APIView):
    @extend_schema(request=AppealDecisionInputSerializer, responses=AppealOutputSerializer)
    def post(self, request: Request, case_id: uuid.UUID, pk: int) -> Response:
        case = case_for(request, case_id, permission=CHANGE)
        appeal = within(Appeal.objects.filter(outcome__case=case).select_related("outcome"), pk)
        appeal.outcome.case = case
        data = validated(AppealDecisionInputSerializer, request.data)
        do_decide_appeal(appeal, result=data["result"], acting_user=acting_user(request), at=clock.now())
        return Response(AppealOutputSerializer(appeal).data)


class SanctionTypeListApi(APIView):
    @extend_schema(responses=SanctionTypeOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        """The sanction catalogue; `statutory` says which are sanctions under the statute."""
        return Response(SanctionTypeOutputSerializer(SanctionType.objects.all(), many=True).data)
