from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casemgr.choices import ChoiceLabels


class AuditEntry(ChoiceLabels, models.Model):
    """One audited action. Append-only: PostgreSQL triggers refuse to change a row's content, to delete
    it and to empty the table (audit/migrations/0007).

    Rows form a keyed hash chain in `seq` order: `seq` counts without gaps and `hash`, an HMAC under
    `CASEMGR_AUDIT_KEY`, covers the row and the previous row's hash, so `manage.py verify_audit` finds
    every altered or missing stretch; checkpoints of the chain's head kept outside the database
    (audit.checkpoints) find rows cut from the end. A row written while another transaction was
    extending the chain is stored unlinked (`seq` and `hash` empty) and linked soon after
    (audit.linking), so that no request waits for another to append.

    People are held by internal id only (`actor`); the texts that may be personal (`reason`, `source`,
    `user_agent`) are sealed by digest and can be erased (audit.redaction) without breaking the chain.
    Cases are referred to by id without a foreign key, so the trail outlives the records it describes.
    """

    class Outcome(models.TextChoices):
        OK = "ok", _("Done")
        DENIED = "denied", _("Denied")
        FAILED = "failed", _("Failed")

    # Empty until the row is linked into the chain.
    seq = models.BigIntegerField(unique=True, null=True, blank=True)
    at = models.DateTimeField(_("when (UTC)"))
    # No database constraint: the trail outlives accounts; a deleted account leaves its id.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    action = models.CharField(_("what"), max_length=60)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OK)
    case_id = models.BigIntegerField(null=True, blank=True)
    target = models.CharField(_("object"), max_length=80, blank=True)
    reason = models.TextField(_("reason given"), blank=True)
    source = models.CharField(_("from where"), max_length=100, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    # Keyed digests of reason, source and user_agent: the hash covers these, not the texts.
    digests = models.JSONField(default=dict, blank=True)
    # When those texts were erased (a purge); the row still verifies.
    redacted_at = models.DateTimeField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        ordering = [models.F("seq").asc(nulls_last=True), "id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["case_id", "seq"], name="audit_case_seq"),
            models.Index(fields=["actor", "seq"], name="audit_actor_seq"),
            # The rows still to link: few, and read by every linking run.
            models.Index(fields=["id"], name="audit_unlinked", condition=models.Q(seq__isnull=True)),
            # The rows about an account ("user:<id>"), which erasing a person finds; a page view has none.
            models.Index(fields=["target"], name="audit_target", condition=~models.Q(target="")),
        ]

    def __str__(self) -> str:
        return f"#{self.seq or '-'} {self.action} {self.outcome}"

    @property
    def actor_username(self) -> str:
        """The actor's username as it is now ("" for the system or an account that no longer exists).

        One query per row: lists read it through a join (`actor__username`) instead."""
        if self.actor_id is None:
            return ""
        try:
            return str(self.actor.get_username()) if self.actor is not None else ""
        except models.ObjectDoesNotExist:
            return ""


class AuditEntryCase(models.Model):
    """A case an audit row is about besides its own `case_id`: an export names many cases in one row
    (`detail["cases"]`). Kept so that a case's access report finds its exports with a plain indexed
    lookup on every database; `verify_audit` checks it against the sealed `detail`."""

    entry = models.ForeignKey(AuditEntry, on_delete=models.CASCADE, related_name="case_links")
    case_id = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case_id", "entry"], name="audit_entry_case_once")]
        verbose_name = _("case named by an audit entry")
        verbose_name_plural = _("cases named by audit entries")

    def __str__(self) -> str:
        return f"{self.entry_id} -> case {self.case_id}"
