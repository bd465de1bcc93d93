"""People on a case, the allegations, and the officers assigned to it."""

from __future__ import annotations

import uuid

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgr import clock
from casemgr.textlimits import USERNAME_MAX_LENGTH
from cases.access import CHANGE, SUPERVISE
from cases.actions.case import AllegationInput, do_add_allegation, do_assign_officer, do_unassign_officer
from cases.actions.panel import do_assign_panel_member, do_remove_panel_member
from cases.actions.parties import do_add_party, do_record_contact
from cases.api.inputs import StrictDateTimeField, validated
from cases.api.lookups import acting_user, case_for, user_named, within
from cases.api.serializers.case import AllegationOutputSerializer, AssignmentOutputSerializer, PartyOutputSerializer
from cases.api.views.cases import AllegationInputSerializer
from cases.models import CaseAssignment, PartyRole


class PartyInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    person = serializers.CharField(
        max_length=USERNAME_MAX_LENGTH, help_text="The person's institutional id; they must have an account."
    )
    role = serializers.ChoiceField(choices=PartyRole.choices)


class CasePartyApi(APIView):
    @extend_schema(request=PartyInputSerializer, responses={201: PartyOutputSerializer})
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        case = case_for(request, case_id, permission=CHANGE)
        data = validated(PartyInputSerializer, request.data)
        person = user_named(data["person"], field="person")
        party = do_add_party(case, person=person, role=data["role"], acting_user=acting_user(request), at=clock.now())
        return Response(PartyOutputSerializer(party).data, status=status.HTTP_201_CREATED)


class ContactInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    informed_at = StrictDateTimeField(required=False, allow_null=True, default=None)
    support_offered_at = StrictDateTimeField(required=False, allow_null=True, default=None)


class PartyContactApi(APIView):
    @extend_schema(request=ContactInputSerializer, responses=PartyOutputSerializer)
    def post(self, request: Request, case_id: uuid.UUID, pk: int) -> Response:
        """Record when the person was informed about the case and when support was offered."""
        case = case_for(request, case_id, permission=CHANGE)
        party = within(case.parties.select_related("person"), pk)
        data = validated(ContactInputSerializer, request.data)
        do_record_contact(party, **data, acting_user=acting_user(request), at=clock.now())
        return Response(PartyOutputSerializer(party).data)


class CaseAllegationApi(APIView):
    @extend_schema(request=AllegationInputSerializer, responses={201: AllegationOutputSerializer})
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        case = case_for(request, case_id, permission=CHANGE)
        data = validated(AllegationInputSerializer, request.data)
        allegation = do_add_allegation(
            case, allegation=AllegationInput(**data), acting_user=acting_user(request), at=clock.now()
        )
        return Response(AllegationOutputSerializer(allegation).data, status=status.HTTP_201_CREATED)


class AssignmentInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    officer = serializers.CharField(max_length=USERNAME_MAX_LENGTH, help_text="The officer's username.")


class CaseAssignmentApi(APIView):
    @extend_schema(request=AssignmentInputSerializer, responses={201: AssignmentOutputSerializer})
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        """Assign an officer (supervisors of the case's team)."""
        case = case_for(request, case_id, permission=SUPERVISE)
        data = validated(AssignmentInputSerializer, request.data)
        officer = user_named(data["officer"], field="officer")
        assignment = do_assign_officer(case, officer=officer, acting_user=acting_user(request), at=clock.now())
        return Response(AssignmentOutputSerializer(assignment).data, status=status.HTTP_201_CREATED)


class CaseAssignmentDetailApi(APIView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, case_id: uuid.UUID, username: str) -> Response:
        """Unassign an officer; their access ends with their next request."""
        case = case_for(request, case_id, permission=SUPERVISE)
        officers = case.assignments.filter(capacity=CaseAssignment.Capacity.OFFICER, user__username=username)
        assignment = officers.select_related("user").first()
        if assignment is None:
            raise NotFound
        do_unassign_officer(case, officer=assignment.user, acting_user=acting_user(request), at=clock.now())
        return Response(status=status.HTTP_204_NO_CONTENT)


class PanelInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    member = serializers.CharField(help_text="The panel member's username.")


class PanelAssignmentOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    member = serializers.CharField(source="user.username")
    assigned_at = serializers.DateTimeField()


class CasePanelApi(APIView):
    @extend_schema(request=PanelInputSerializer, responses={201: PanelAssignmentOutputSerializer})
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        """Give a disciplinary panel member the case's hearing bundle (and nothing else of the case)."""
        case = case_for(request, case_id, permission=CHANGE)
        data = validated(PanelInputSerializer, request.data)
        member = user_named(data["member"], field="member")
        assignment = do_assign_panel_member(case, member=member, acting_user=acting_user(request), at=clock.now())
        return Response(PanelAssignmentOutputSerializer(assignment).data, status=status.HTTP_201_CREATED)


class CasePanelDetailApi(APIView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, case_id: uuid.UUID, username: str) -> Response:
        """Take the hearing bundle away from a panel member; their next request is refused."""
        case = case_for(request, case_id, permission=CHANGE)
        held = case.assignments.filter(capacity=CaseAssignment.Capacity.PANEL, user__username=username)
        assignment = held.select_related("user").first()
        if assignment is None:
            raise NotFound
        do_remove_panel_member(case, member=assignment.user, acting_user=acting_user(request), at=clock.now())
        return Response(status=status.HTTP_204_NO_CONTENT)
