from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One audited action. Append-only: PostgreSQL triggers refuse UPDATE and DELETE on this table.

    Rows form a hash chain: `seq` counts without gaps and `hash` covers the row and the previous
    row's hash, so `manage.py verify_audit` finds the first altered or missing row. Cases are
    referred to by id without a foreign key, so the trail outlives the records it describes.
    """

    class Outcome(models.TextChoices):
        OK = "ok", _("Done")
        DENIED = "denied", _("Denied")
        FAILED = "failed", _("Failed")

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(_("when (UTC)"))
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_username = models.CharField(_("who"), max_length=150, blank=True)
    action = models.CharField(_("what"), max_length=60)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OK)
    case_id = models.BigIntegerField(null=True, blank=True)
    target = models.CharField(_("object"), max_length=80, blank=True)
    reason = models.TextField(_("reason given"), blank=True)
    source = models.CharField(_("from where"), max_length=100, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["case_id", "seq"], name="audit_case_seq"),
            models.Index(fields=["actor_id", "seq"], name="audit_actor_seq"),
            # An export names many cases in `detail`; a case's access report finds them through this.
            models.Index(
                fields=["seq"], name="audit_export_seq", condition=models.Q(action="case.export", case_id__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.outcome}"
