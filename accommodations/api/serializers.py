"""Output serializer for interim measures (accommodations)."""

from __future__ import annotations

from rest_framework import serializers

from accommodations.models import DeadlineAdjustment, Measure, MeasureStep
from accommodations.sessions import counts_shared_sessions, shared_session_count
from casemgr.vocabulary import MeasureDecision, MeasureType
from cases.api.serializers.common import LabelField, PersonOutputSerializer


class MeasureOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A measure and its stored deadlines. Needs `now` in the context for the shared-session count."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    type = serializers.ChoiceField(choices=MeasureType.choices)
    type_label = LabelField(source="type")
    status = serializers.CharField(help_text="requested, approved, declined, implemented or lifted")
    requested_at = serializers.DateTimeField()
    requested_by = PersonOutputSerializer()
    against = PersonOutputSerializer(allow_null=True)
    recorded_by = PersonOutputSerializer(allow_null=True)
    details = serializers.CharField()
    decision = serializers.ChoiceField(choices=MeasureDecision.choices, allow_blank=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decided_by = PersonOutputSerializer(allow_null=True)
    decision_reasons = serializers.CharField()
    implemented_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    review_note = serializers.CharField()
    tutor_instruction_prepared_at = serializers.DateTimeField(allow_null=True)
    tutor_instruction_queued_at = serializers.DateTimeField(allow_null=True)
    implementation_note = serializers.CharField()
    lifted_at = serializers.DateTimeField(allow_null=True)
    lift_reason = serializers.CharField()
    decision_due_at = serializers.DateTimeField(allow_null=True)
    implementation_due_at = serializers.DateTimeField(allow_null=True)
    shared_sessions_since_request = serializers.SerializerMethodField(
        help_text="Timetabled sessions the requester still shared with the other person since the request "
        "(separation measures only)."
    )

    def get_shared_sessions_since_request(self, measure: Measure) -> int | None:
        if not counts_shared_sessions(measure):
            return None
        return shared_session_count(measure, now=self.context["now"])


class AdjustmentOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A pause or extension of a measure step's deadline."""

    id = serializers.IntegerField()
    measure = serializers.CharField(source="measure.code")
    step = serializers.ChoiceField(choices=MeasureStep.choices)
    kind = serializers.ChoiceField(choices=DeadlineAdjustment.Kind.choices)
    reason = serializers.CharField()
    review_at = serializers.DateTimeField()
    extended_due_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
