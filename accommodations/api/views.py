"""Interim measures on a case: asked for, decided, implemented, lifted (accommodations.actions)."""

from __future__ import annotations

import uuid

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accommodations.actions import (
    do_decide_measure,
    do_implement_measure,
    do_lift_measure,
    do_record_no_measure_offered,
    do_request_measure,
    do_review_measure,
)
from accommodations.adjustments import do_end_adjustment, do_extend_measure_deadline, do_pause_measure_deadline
from accommodations.api.serializers import AdjustmentOutputSerializer, MeasureOutputSerializer
from accommodations.models import DeadlineAdjustment, Measure, MeasureStep
from accommodations.tutors import do_prepare_tutor_notification, do_send_tutor_notification
from casemgr import clock
from casemgr.textlimits import MEASURE_CODE_MAX_LENGTH, NAME_MAX_LENGTH, REASON_MAX_LENGTH, USERNAME_MAX_LENGTH
from casemgr.vocabulary import MeasureDecision, MeasureType
from cases.access import CHANGE
from cases.api.inputs import StrictDateTimeField, validated
from cases.api.lookups import acting_user, case_for, case_shown, user_named, within


class MeasureRequestInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    type = serializers.ChoiceField(choices=MeasureType.choices)
    requested_by = serializers.CharField(
        max_length=USERNAME_MAX_LENGTH, help_text="Institutional id of the complainant or affected person."
    )
    against = serializers.CharField(
        required=False, allow_null=True, default=None, max_length=USERNAME_MAX_LENGTH, help_text="Institutional id."
    )
    requested_at = StrictDateTimeField()
    details = serializers.CharField(allow_blank=True, default="", max_length=REASON_MAX_LENGTH)
    code = serializers.CharField(required=False, allow_null=True, default=None, max_length=MEASURE_CODE_MAX_LENGTH)


class CaseMeasureApi(APIView):
    @extend_schema(responses=MeasureOutputSerializer(many=True))
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        case = case_shown(request, case_id, page="api.case_measures")
        measures = case.measures.select_related("requested_by", "against", "recorded_by", "decided_by")
        return Response(MeasureOutputSerializer(measures, many=True, context={"now": clock.now()}).data)

    @extend_schema(request=MeasureRequestInputSerializer, responses={201: MeasureOutputSerializer})
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        """Record a measure a complainant or affected person asked for, on their behalf."""
        case = case_for(request, case_id, permission=CHANGE)
        data = validated(MeasureRequestInputSerializer, request.data)
        requester = user_named(data["requested_by"], field="requested_by")
        against = user_named(data["against"], field="against") if data["against"] else None
        at = clock.now()
        measure = do_request_measure(
            case,
            type=data["type"],
            requested_by=requester,
            against=against,
            requested_at=data["requested_at"],
            details=data["details"],
            recorded_by=acting_user(request),
            at=at,
            code=data["code"],
        )
        return Response(MeasureOutputSerializer(measure, context={"now": at}).data, status=status.HTTP_201_CREATED)


def _measure(request: Request, case_id: uuid.UUID, pk: int) -> Measure:
    case = case_for(request, case_id, permission=CHANGE)
    return within(case.measures.all(), pk)


class MeasureDecisionInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    decision = serializers.ChoiceField(choices=MeasureDecision.choices)
    reasons = serializers.CharField(
        allow_blank=True, default="", max_length=REASON_MAX_LENGTH, help_text="Required when declining."
    )


class MeasureDecisionApi(APIView):
    @extend_schema(request=MeasureDecisionInputSerializer, responses=MeasureOutputSerializer)
    def post(self, request: Request, case_id: uuid.UUID, pk: int) -> Response:
        measure = _measure(request, case_id, pk)
        data = validated(MeasureDecisionInputSerializer, request.data)
        at = clock.now()
        do_decide_measure(measure, **data, acting_user=acting_user(request), at=at)
        return Response(MeasureOutputSerializer(measure, context={"now": at}).data)


class MeasureImplementationInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    implemented_at = StrictDateTimeField()
    note = serializers.CharField(allow_blank=True, default="", max_length=REASON_MAX_LENGTH)
    ends_at = StrictDateTimeField(
        required=False, allow_null=True, default=None, help_text="When a measure that outlasts the case ends."
    )


class MeasureImplementationApi(APIView):
    @extend_schema(request=MeasureImplementationInputSerializer, responses=MeasureOutputSerializer)
    def post(self, request: Request, case_id: uuid.UUID, pk: int) -> Response:
        measure = _measure(request, case_id, pk)
        data = validated(MeasureImplementationInputSerializer, request.data)
        at = clock.now()
        do_implement_measure(measure, **data, acting_user=acting_user(request), at=at)
        return Response(MeasureOutputSerializer(measure, context={"now": at}).data)


class MeasureLiftInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reason = serializers.CharField(max_length=REASON_MAX_LENGTH)


class MeasureLiftApi(APIView):
    @extend_schema(request=MeasureLiftInputSerializer, responses=MeasureOutputSerializer)
    def post(self, request: Request, case_id: uuid.UUID, pk: int) -> Response:
        measure = _measure(request, case_id, pk)
        data = validated(MeasureLiftInputSerializer, request.data)
        at = clock.now()
        do_lift_measure(measure, reason=data["reason"], acting_user=acting_user(request), at=at)
        return Response(MeasureOutputSerializer(measure, context={"now": at}).data)


class MeasureReviewInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    note = serializers.CharField(
        max_length=REASON_MAX_LENGTH, help_text="What the review of the measure in force found."
    )


class MeasureReviewApi(APIView):
    @extend_schema(request=MeasureReviewInputSerializer, responses=MeasureOutputSerializer)
    def post(self, request: Request, case_id: uuid.UUID, pk: int) -> Response:
        measure = _measure(request, case_id, pk)
        data = validated(MeasureReviewInputSerializer, request.data)
        at = clock.now()
        do_review_measure(measure, note=data["note"], acting_user=acting_user(request), at=at)
        return Response(MeasureOutputSerializer(measure, context={"now": at}).data)


class NoMeasureOfferedInputSerializer(MeasureRequestInputSerializer):
    reasons = serializers.CharField(max_length=REASON_MAX_LENGTH, help_text="Why no measure is offered.")


class NoMeasureOfferedApi(APIView):
    @extend_schema(request=NoMeasureOfferedInputSerializer, responses={201: MeasureOutputSerializer})
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        """Record a request for a measure answered with no measure: requested and declined, with reasons."""
        case = case_for(request, case_id, permission=CHANGE)
        data = validated(NoMeasureOfferedInputSerializer, request.data)
        requester = user_named(data["requested_by"], field="requested_by")
        against = user_named(data["against"], field="against") if data["against"] else None
        at = clock.now()
        measure = do_record_no_measure_offered(
            case,
            type=data["type"],
            requested_by=requester,
            against=against,
            requested_at=data["requested_at"],
            details=data["details"],
            reasons=data["reasons"],
            acting_user=acting_user(request),
            at=at,
        )
        return Response(MeasureOutputSerializer(measure, context={"now": at}).data, status=status.HTTP_201_CREATED)


class DeadlinePauseInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    step = serializers.ChoiceField(choices=MeasureStep.choices)
    reason = serializers.CharField(max_length=REASON_MAX_LENGTH)
    review_at = StrictDateTimeField(help_text="Until then the step is due at this time.")


class DeadlineExtensionInputSerializer(DeadlinePauseInputSerializer):
    new_due_at = StrictDateTimeField()


class MeasureDeadlinePauseApi(APIView):
    @extend_schema(request=DeadlinePauseInputSerializer, responses={201: AdjustmentOutputSerializer})
    def post(self, request: Request, case_id: uuid.UUID, pk: int) -> Response:
        measure = _measure(request, case_id, pk)
        data = validated(DeadlinePauseInputSerializer, request.data)
        adjustment = do_pause_measure_deadline(measure, **data, acting_user=acting_user(request), at=clock.now())
        return Response(AdjustmentOutputSerializer(adjustment).data, status=status.HTTP_201_CREATED)


class MeasureDeadlineExtensionApi(APIView):
    @extend_schema(request=DeadlineExtensionInputSerializer, responses={201: AdjustmentOutputSerializer})
    def post(self, request: Request, case_id: uuid.UUID, pk: int) -> Response:
        measure = _measure(request, case_id, pk)
        data = validated(DeadlineExtensionInputSerializer, request.data)
        adjustment = do_extend_measure_deadline(measure, **data, acting_user=acting_user(request), at=clock.now())
        return Response(AdjustmentOutputSerializer(adjustment).data, status=status.HTTP_201_CREATED)


class AdjustmentEndApi(APIView):
    @extend_schema(request=None, responses=AdjustmentOutputSerializer)
    def post(self, request: Request, case_id: uuid.UUID, pk: int) -> Response:
        case = case_for(request, case_id, permission=CHANGE)
        adjustment = within(DeadlineAdjustment.objects.filter(measure__case=case).select_related("measure"), pk)
        do_end_adjustment(adjustment, acting_user=acting_user(request), at=clock.now())
        return Response(AdjustmentOutputSerializer(adjustment).data)


class TutorMessageInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    tutor_name = serializers.CharField(max_length=NAME_MAX_LENGTH)
    tutor_email = serializers.EmailField()
    instruction = serializers.CharField(
        max_length=REASON_MAX_LENGTH, help_text="Only what the tutor must do, never what is alleged."
    )


class TutorMessageApi(APIView):
    @extend_schema(request=TutorMessageInputSerializer, responses=MeasureOutputSerializer)
    def post(self, request: Request, case_id: uuid.UUID, pk: int) -> Response:
        """Prepare (or prepare again, until it is sent) the message to the tutor of a "telling tutors" measure."""
        measure = _measure(request, case_id, pk)
        data = validated(TutorMessageInputSerializer, request.data)
        at = clock.now()
        do_prepare_tutor_notification(measure, **data, acting_user=acting_user(request), at=at)
        return Response(MeasureOutputSerializer(measure, context={"now": at}).data)


class TutorMessageSendApi(APIView):
    @extend_schema(request=None, responses=MeasureOutputSerializer)
    def post(self, request: Request, case_id: uuid.UUID, pk: int) -> Response:
        """Send the prepared message to the tutor; the measure is implemented once the e-mail has gone."""
        measure = _measure(request, case_id, pk)
        at = clock.now()
        do_send_tutor_notification(measure, acting_user=acting_user(request), at=at)
        return Response(MeasureOutputSerializer(measure, context={"now": at}).data)
