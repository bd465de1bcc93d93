"""The case list, a case, its timeline, its stage and the events recorded on it."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import prefetch_related_objects
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import StaffRole, has_role
from casemgr import clock
from casemgr.textlimits import NOTE_MAX_LENGTH, REASON_MAX_LENGTH, REFERENCE_MAX_LENGTH
from casemgr.vocabulary import Stage
from cases.access import CHANGE
from cases.actions.case import (
    INTERCHANGE_TYPES_BY_PEOPLE,
    AllegationInput,
    do_assign_officer,
    do_create_case,
    do_record_event,
)
from cases.api.inputs import StrictDateTimeField, validated
from cases.api.lookups import acting_user, case_for, case_shown
from cases.api.selectors import case_list, case_timeline, load_case_detail, officer_assignments
from cases.api.serializers.case import (
    CaseDetailOutputSerializer,
    CaseSummaryOutputSerializer,
    EventOutputSerializer,
)
from cases.models import Case, Conduct
from cases.workflow import do_change_stage


class CaseListFilterSerializer(serializers.Serializer):  # type: ignore[type-arg]
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    reference = serializers.CharField(
        required=False, max_length=REFERENCE_MAX_LENGTH, help_text="Any part of a reference, ignoring case."
    )
    mine = serializers.BooleanField(required=False, default=False, help_text="Only cases assigned to me.")


class AllegationInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    conduct = serializers.ChoiceField(choices=Conduct.choices)
    synthetic = serializers.BooleanField(default=False)
    description = serializers.CharField(allow_blank=True, default="", max_length=NOTE_MAX_LENGTH)


class CaseCreateInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reference = serializers.CharField(max_length=REFERENCE_MAX_LENGTH)
    received_at = StrictDateTimeField()
    summary = serializers.CharField(allow_blank=True, default="", max_length=NOTE_MAX_LENGTH)
    allegations = AllegationInputSerializer(many=True, default=list)


class CaseListApi(GenericAPIView):  # type: ignore[type-arg]
    @extend_schema(parameters=[CaseListFilterSerializer], responses=CaseSummaryOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        filters = validated(CaseListFilterSerializer, request.query_params)
        cases = case_list(acting_user(request), **filters)
        # A queryset or CountedBy: the paginator only counts it and takes a slice.
        page = self.paginate_queryset(cases)  # type: ignore[arg-type]
        return self.get_paginated_response(CaseSummaryOutputSerializer(page, many=True).data)

    @extend_schema(request=CaseCreateInputSerializer, responses={201: CaseDetailOutputSerializer})
    def post(self, request: Request) -> Response:
        """Record a complaint; the officer recording it is assigned to it."""
        user = acting_user(request)
        if not (has_role(user, StaffRole.CONDUCT_OFFICER) or has_role(user, StaffRole.CASE_SUPERVISOR)):
            raise PermissionDenied
        data = validated(CaseCreateInputSerializer, request.data)
        at = clock.now()
        with transaction.atomic():
            case = do_create_case(
                reference=data["reference"],
                received_at=data["received_at"],
                summary=data["summary"],
                allegations=[AllegationInput(**a) for a in data["allegations"]],
                acting_user=user,
                at=at,
                team=user.team,
            )
            do_assign_officer(case, officer=user, acting_user=user, at=at)
        return Response(CaseDetailOutputSerializer(load_case_detail(case)).data, status=status.HTTP_201_CREATED)


class CaseDetailApi(APIView):
    @extend_schema(responses=CaseDetailOutputSerializer)
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        case = case_shown(request, case_id, page="api.case_detail")
        return Response(CaseDetailOutputSerializer(load_case_detail(case)).data)


class CaseTimelineApi(APIView):
    @extend_schema(responses=EventOutputSerializer(many=True))
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        case = case_shown(request, case_id, page="api.case_timeline")
        return Response(EventOutputSerializer(case_timeline(case), many=True).data)


class StageChangeInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    to = serializers.ChoiceField(choices=Stage.choices)
    reason = serializers.CharField(allow_blank=True, default="", max_length=REASON_MAX_LENGTH)


class CaseStageApi(APIView):
    @extend_schema(request=StageChangeInputSerializer, responses=CaseSummaryOutputSerializer)
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        """Move the case to another stage; a move the workflow does not allow is a 400 on `to`."""
        case = case_for(request, case_id, permission=CHANGE)
        data = validated(StageChangeInputSerializer, request.data)
        do_change_stage(case, to=data["to"], reason=data["reason"], acting_user=acting_user(request), at=clock.now())
        return Response(_summary(case))


class EventInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    type = serializers.ChoiceField(choices=[(t.value, t.label) for t in INTERCHANGE_TYPES_BY_PEOPLE])
    text = serializers.CharField(max_length=NOTE_MAX_LENGTH)


class CaseEventApi(APIView):
    @extend_schema(request=EventInputSerializer, responses={201: EventOutputSerializer})
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        case = case_for(request, case_id, permission=CHANGE)
        data = validated(EventInputSerializer, request.data)
        event = do_record_event(
            case, type=data["type"], text=data["text"], acting_user=acting_user(request), at=clock.now()
        )
        return Response(EventOutputSerializer(event).data, status=status.HTTP_201_CREATED)


def _summary(case: Case) -> object:
    prefetch_related_objects([case], officer_assignments())
    return CaseSummaryOutputSerializer(case).data
