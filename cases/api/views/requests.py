"""Complainants' requests and the decisions on them."""

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
from cases.actions.requests import do_decide_request, do_record_request
from cases.api.inputs import StrictDateTimeField, validated
from cases.api.lookups import acting_user, case_for, field_within, within
from cases.api.serializers.case import RequestDecisionOutputSerializer, RequestOutputSerializer
from cases.models import ComplainantRequest, RequestDecision


class RequestInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    party = serializers.IntegerField(help_text="The id of the complainant's party record on this case.")
    kind = serializers.ChoiceField(choices=ComplainantRequest.Kind.choices)
    details = serializers.CharField(allow_blank=True, default="", max_length=REASON_MAX_LENGTH)
    requested_at = StrictDateTimeField()


class CaseRequestApi(APIView):
    @extend_schema(request=RequestInputSerializer, responses={201: RequestOutputSerializer})
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        """Record what a complainant asked for and when; each request gets its own decision."""
        case = case_for(request, case_id, permission=CHANGE)
        data = validated(RequestInputSerializer, request.data)
        party = field_within(case.parties.all(), data["party"], field="party")
        recorded = do_record_request(
            party,
            kind=data["kind"],
            details=data["details"],
            requested_at=data["requested_at"],
            acting_user=acting_user(request),
            at=clock.now(),
        )
        return Response(RequestOutputSerializer(recorded).data, status=status.HTTP_201_CREATED)


class RequestDecisionInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    grants = serializers.ChoiceField(choices=RequestDecision.Grants.choices)
    reasons = serializers.CharField(max_length=REASON_MAX_LENGTH)


class RequestDecisionApi(APIView):
    @extend_schema(request=RequestDecisionInputSerializer, responses={201: RequestDecisionOutputSerializer})
    def post(self, request: Request, case_id: uuid.UUID, pk: int) -> Response:
        """Record who decided a request, why, and whether it grants what was asked."""
        case = case_for(request, case_id, permission=CHANGE)
        asked = within(case.requests.all(), pk)
        data = validated(RequestDecisionInputSerializer, request.data)
        decision = do_decide_request(asked, **data, acting_user=acting_user(request), at=clock.now())
        return Response(RequestDecisionOutputSerializer(decision).data, status=status.HTTP_201_CREATED)
