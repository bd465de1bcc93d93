"""The interchange vocabulary (shared/spec/interchange.md, casemgr/1). Values are the contract;
labels are what people see and are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StaffRole(models.TextChoices):
    """A staff member's role; each is a group of that name (accounts.roles)."""

    CONDUCT_OFFICER = "conduct_officer", _("Conduct officer")
    CASE_SUPERVISOR = "case_supervisor", _("Case supervisor")
    PANEL_MEMBER = "panel_member", _("Disciplinary panel member")
    GOVERNANCE_REVIEWER = "governance_reviewer", _("Governance reviewer")
    # Handles data access requests, retention and legal holds; sees no case content (casemgr/1, Dec 2026).
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")


class Stage(models.TextChoices):
    # The stage, not the date column of the same English word ("接獲日期" in zh-Hant).
    RECEIVED = "received", pgettext_lazy("case stage", "Received")
    PRELIMINARY_ASSESSMENT = "preliminary_assessment", _("Preliminary assessment")
    INVESTIGATION = "investigation", _("Investigation")
    INFORMAL_RESOLUTION = "informal_resolution", _("Informal resolution")
    REFERRED_TO_COMMITTEE = "referred_to_committee", _("Referred to disciplinary committee")
    HEARING = "hearing", _("Hearing")
    DECIDED = "decided", _("Decided")
    APPEAL = "appeal", _("Appeal")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


FINAL_STAGES = frozenset({Stage.CLOSED, Stage.WITHDRAWN})


class MeasureType(models.TextChoices):
    CLASS_SEPARATION = "class_separation", _("Class separation")
    NO_CONTACT_DIRECTIVE = "no_contact_directive", _("No-contact directive")
    TUTOR_NOTIFICATION = "tutor_notification", _("Telling tutors")
    EXAM_ARRANGEMENT = "exam_arrangement", _("Examination arrangement")
    HOUSING_CHANGE = "housing_change", _("Housing change")
    CAMPUS_ACCESS_RESTRICTION = "campus_access_restriction", _("Campus access restriction")
    SUPPORT_REFERRAL = "support_referral", _("Referral to support")


SEPARATION_MEASURES = frozenset({MeasureType.CLASS_SEPARATION, MeasureType.NO_CONTACT_DIRECTIVE})


class MeasureDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class FlagKind(models.TextChoices):
    MEASURE_DECISION_OVERDUE = "measure_decision_overdue", _("Decision on a measure overdue")
    MEASURE_IMPLEMENTATION_OVERDUE = "measure_implementation_overdue", _("Measure not implemented in time")
    STAGE_OVERDUE = "stage_overdue", _("Stage overdue")
    CASE_DORMANT = "case_dormant", _("Case dormant")
    SANCTION_COMPLIANCE_OVERDUE = "sanction_compliance_overdue", _("Sanction or condition not complied with")
