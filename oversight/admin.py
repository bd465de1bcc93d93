"""The deadline policy and calendar in the Django admin. Every save and delete goes through
oversight.policy_changes, so it is audited and the due dates of open steps are recomputed at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from casemgr import clock
from deadlines.models import ClosureDay, DeadlinePolicy, MeasureDeadlineRule, PolicyChange, StageDeadlineRule
from oversight import policy_changes as services


def _acting(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


class MeasureRuleForm(forms.ModelForm[MeasureDeadlineRule]):
    class Meta:
        model = MeasureDeadlineRule
        fields = ["policy", "measure_type", "decision_working_days", "implementation_working_days"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decide, implement = data.get("decision_working_days"), data.get("implementation_working_days")
        if decide is not None and implement is not None:
            services.check_working_days(decide, field="decision_working_days")
            services.check_working_days(implement, field="implementation_working_days")
            if implement < decide:
                raise ValidationError(
                    {
                        "implementation_working_days": _(
                            "A measure cannot be due for implementation before its decision."
                        )
                    }
                )
        return data


@admin.register(MeasureDeadlineRule)
class MeasureDeadlineRuleAdmin(admin.ModelAdmin[MeasureDeadlineRule]):
    form = MeasureRuleForm
    list_display = ("policy", "measure_type", "decision_working_days", "implementation_working_days")
    list_filter = ("policy",)

    def get_readonly_fields(self, request: HttpRequest, obj: MeasureDeadlineRule | None = None) -> list[str]:
        return ["policy", "measure_type"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: MeasureDeadlineRule | None = None) -> bool:
        return False  # every measure type needs a rule: change the numbers instead

    def save_model(self, request: HttpRequest, obj: MeasureDeadlineRule, form: Any, change: bool) -> None:
        services.do_update_measure_rule(
            obj,
            decision_working_days=obj.decision_working_days,
            implementation_working_days=obj.implementation_working_days,
            acting_user=_acting(request),
            at=clock.now(),
        )


@admin.register(StageDeadlineRule)
class StageDeadlineRuleAdmin(admin.ModelAdmin[StageDeadlineRule]):
    list_display = ("policy", "stage", "basis", "working_days")
    list_filter = ("policy",)

    def get_readonly_fields(self, request: HttpRequest, obj: StageDeadlineRule | None = None) -> list[str]:
        return ["policy", "stage"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: StageDeadlineRule, form: Any, change: bool) -> None:
        services.do_update_stage_rule(
            obj, basis=obj.basis, working_days=obj.working_days, acting_user=_acting(request), at=clock.now()
        )

    def delete_model(self, request: HttpRequest, obj: StageDeadlineRule) -> None:
        services.do_delete_stage_rule(obj, acting_user=_acting(request), at=clock.now())

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[StageDeadlineRule]) -> None:
        for rule in queryset:
            self.delete_model(request, rule)


class NewPolicyForm(forms.ModelForm[DeadlinePolicy]):
    copy_from = forms.ModelChoiceField(
        queryset=DeadlinePolicy.objects.all(), label=_("start as a copy of"), required=True
    )

    class Meta:
        model = DeadlinePolicy
        fields = ["name", "effective_from"]


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin[DeadlinePolicy]):
    list_display = ("name", "effective_from", "dormancy_working_days")
    fields = [
        "name",
        "effective_from",
        "dormancy_working_days",
        "acknowledgement_working_days",
        "level_2_after_working_days",
        "level_3_after_working_days",
        "delay_explanation_working_days",
        "review_working_days",
        "appeal_working_days",
    ]

    def get_form(
        self, request: HttpRequest, obj: DeadlinePolicy | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = NewPolicyForm
            kwargs["fields"] = ["name", "effective_from", "copy_from"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: DeadlinePolicy | None = None) -> Any:
        return ["name", "effective_from", "copy_from"] if obj is None else self.fields

    def get_readonly_fields(self, request: HttpRequest, obj: DeadlinePolicy | None = None) -> list[str]:
        # A version's name and start date are its identity: make a new version instead.
        return ["name", "effective_from"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: DeadlinePolicy | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: DeadlinePolicy, form: Any, change: bool) -> None:
        at, user = clock.now(), _acting(request)
        if not change:
            created = services.do_create_policy(
                name=obj.name,
                effective_from=obj.effective_from,
                copy_from=form.cleaned_data["copy_from"],
                acting_user=user,
                at=at,
            )
            obj.pk = created.pk
            return
        if "dormancy_working_days" in form.changed_data:
            services.do_update_dormancy(obj, dormancy_working_days=obj.dormancy_working_days, acting_user=user, at=at)
        if "acknowledgement_working_days" in form.changed_data:
            services.do_update_acknowledgement(
                obj, acknowledgement_working_days=obj.acknowledgement_working_days, acting_user=user, at=at
            )
        if {"level_2_after_working_days", "level_3_after_working_days"} & set(form.changed_data):
            services.do_update_escalation_levels(
                obj,
                level_2_after_working_days=obj.level_2_after_working_days,
                level_3_after_working_days=obj.level_3_after_working_days,
                acting_user=user,
                at=at,
            )
        changed_periods = {n: getattr(obj, n) for n in services.PARTY_PERIODS if n in form.changed_data}
        if changed_periods:
            services.do_update_party_periods(obj, periods=changed_periods, acting_user=user, at=at)


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin[ClosureDay]):
    list_display = ("date", "reason")
    date_hierarchy = "date"

    def save_model(self, request: HttpRequest, obj: ClosureDay, form: Any, change: bool) -> None:
        services.do_save_closure_day(
            obj, date=obj.date, reason=obj.reason, acting_user=_acting(request), at=clock.now()
        )

    def delete_model(self, request: HttpRequest, obj: ClosureDay) -> None:
        services.do_delete_closure_day(obj, acting_user=_acting(request), at=clock.now())

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ClosureDay]) -> None:
        for closure in queryset:
            self.delete_model(request, closure)


@admin.register(PolicyChange)
class PolicyChangeAdmin(admin.ModelAdmin[PolicyChange]):
    """The audit trail: read only."""

    list_display = ("at", "by", "policy", "subject", "measures_recomputed", "cases_recomputed")
    list_filter = ("policy",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PolicyChange | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PolicyChange | None = None) -> bool:
        return False
