"""Output serializers for a case and the records that hang off it (outcomes: serializers.outcome)."""

from __future__ import annotations

from rest_framework import serializers

from casemgr.vocabulary import Stage
from cases.api.serializers.common import LabelField, PersonOutputSerializer
from cases.api.serializers.outcome import OutcomeOutputSerializer
from cases.models import ComplainantRequest, Conduct, ExternalProceeding, PartyRole, RequestDecision


class CaseSummaryOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One row of the case list. Expects `officer_assignments` prefetched (cases.api.selectors)."""

    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    stage = serializers.ChoiceField(choices=Stage.choices)
    stage_label = LabelField(source="stage")
    stage_due_at = serializers.DateTimeField(allow_null=True)
    dormant_due_at = serializers.DateTimeField(allow_null=True)
    last_activity_at = serializers.DateTimeField()
    assigned_officers = serializers.SerializerMethodField()

    def get_assigned_officers(self, case: object) -> list[str]:
        return [a.user.username for a in getattr(case, "officer_assignments")]  # noqa: B009 - prefetched attr


class AllegationOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    conduct = serializers.ChoiceField(choices=Conduct.choices)
    conduct_label = LabelField(source="conduct")
    synthetic = serializers.BooleanField()
    description = serializers.CharField()


class PartyOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    person = PersonOutputSerializer()
    role = serializers.ChoiceField(choices=PartyRole.choices)
    role_label = LabelField(source="role")
    added_at = serializers.DateTimeField()
    informed_at = serializers.DateTimeField(allow_null=True)
    support_offered_at = serializers.DateTimeField(allow_null=True)


class AssignmentOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    officer = PersonOutputSerializer(source="user")
    assigned_at = serializers.DateTimeField()


class RequestDecisionOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    decided_at = serializers.DateTimeField()
    decided_by = PersonOutputSerializer()
    grants = serializers.ChoiceField(choices=RequestDecision.Grants.choices)
    grants_label = LabelField(source="grants")
    reasons = serializers.CharField()


class RequestOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    party = serializers.IntegerField(source="party_id")
    kind = serializers.ChoiceField(choices=ComplainantRequest.Kind.choices)
    kind_label = LabelField(source="kind")
    details = serializers.CharField()
    requested_at = serializers.DateTimeField()
    decisions = RequestDecisionOutputSerializer(many=True)


class ProceedingOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    body = serializers.ChoiceField(choices=ExternalProceeding.Body.choices)
    body_label = LabelField(source="body")
    complainant_consent = serializers.BooleanField()
    consent_recorded_at = serializers.DateTimeField(allow_null=True)
    reported_at = serializers.DateTimeField(allow_null=True)
    reference_number = serializers.CharField()
    status = serializers.ChoiceField(choices=ExternalProceeding.Status.choices)
    status_label = LabelField(source="status")
    status_changed_at = serializers.DateTimeField()


class PauseOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    reason = serializers.CharField()
    paused_at = serializers.DateTimeField()
    review_at = serializers.DateTimeField()
    resumed_at = serializers.DateTimeField(allow_null=True)


class CaseDetailOutputSerializer(CaseSummaryOutputSerializer):
    """A whole case. Expects the prefetches of `cases.api.selectors.case_detail`."""

    summary = serializers.CharField()
    policy = serializers.CharField(source="policy.name")
    allegations = AllegationOutputSerializer(many=True)
    parties = PartyOutputSerializer(many=True)
    assignments = AssignmentOutputSerializer(many=True, source="officer_assignments")
    requests = RequestOutputSerializer(many=True)
    proceedings = ProceedingOutputSerializer(many=True)
    pauses = PauseOutputSerializer(many=True)
    outcomes = OutcomeOutputSerializer(many=True)


class EventOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One timeline entry; the machine detail of the event is never exposed."""

    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    type = serializers.CharField()
    type_label = LabelField(source="type")
    stage_to = serializers.CharField()
    text = serializers.CharField()
    actor = PersonOutputSerializer(allow_null=True)
