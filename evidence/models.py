"""Evidence files and the links between cases that their pictures suggest.

The file itself is never in the database and never under a served directory: `storage_name` is a random
name in CASEMGR_EVIDENCE_ROOT holding AES-GCM ciphertext; the row holds what is needed to open it (the
nonce and the data key wrapped under the settings key `key_id`). Rows are written only by the do_*
functions of this app, which also write the audit row and the case timeline entry.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from casemgr.choices import ChoiceLabels


class EvidenceKind(models.TextChoices):
    IMAGE = "image", _("Image")
    PDF = "pdf", _("PDF document")
    TEXT = "text", _("Text (chat export)")


class EvidenceSource(models.TextChoices):
    OFFICER = "officer", _("Added by an officer")
    COMPLAINANT = "complainant", _("Added by the complainant")
    REPORTER = "reporter", _("Sent with an online report")


_EXTENSION = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


class Evidence(ChoiceLabels, models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="evidence")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The person the file depicts (a complainant or an affected person), as the respondent's folders did.
    depicts = models.ForeignKey(
        "cases.Party",
        verbose_name=_("person depicted"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence",
    )
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    content_type = models.CharField(max_length=60)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField("SHA-256", max_length=64)
    pdq_hash = models.CharField("PDQ", max_length=64, blank=True)
    pdq_quality = models.PositiveSmallIntegerField(null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    storage_name = models.CharField(max_length=64, unique=True)
    key_id = models.CharField(max_length=32)
    wrapped_key = models.BinaryField()
    nonce = models.BinaryField()
    source = models.CharField(_("source"), max_length=20, choices=EvidenceSource.choices)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]
        indexes = [
            models.Index(fields=["case", "uploaded_at"], name="evidence_case_uploaded"),
            models.Index(fields=["sha256"], name="evidence_sha256"),
            # The candidates for perceptual matching (evidence.matching).
            models.Index(fields=["pdq_hash"], name="evidence_pdq", condition=Q(kind="image") & ~Q(pdq_hash="")),
        ]

    def __str__(self) -> str:
        return f"evidence {self.public_id}"

    @property
    def extension(self) -> str:
        return _EXTENSION.get(self.content_type, "txt")

    @property
    def download_name(self) -> str:
        """The only file name a download ever carries: nothing from the uploader's name or description."""
        return f"evidence-{self.public_id}.{self.extension}"


class PossibleLink(ChoiceLabels, models.Model):
    """Two cases whose evidence holds a near-identical picture. Says nothing of either case's content;
    a supervisor of both cases decides (evidence.linking). The pair is stored lower id first."""

    class Resolution(models.TextChoices):
        OPEN = "", _("Needs review")
        LINKED = "linked", _("Linked")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    second_case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    first_evidence = models.ForeignKey(Evidence, null=True, on_delete=models.SET_NULL, related_name="+")
    second_evidence = models.ForeignKey(Evidence, null=True, on_delete=models.SET_NULL, related_name="+")
    distance = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()
    resolution = models.CharField(max_length=20, choices=Resolution.choices, default=Resolution.OPEN, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["first_case", "second_case"], name="possible_link_once_per_pair"),
            models.CheckConstraint(condition=Q(first_case__lt=F("second_case")), name="possible_link_ordered"),
        ]

    def __str__(self) -> str:
        return f"possible link {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class CaseLink(models.Model):
    """Two cases a supervisor of both has linked (e.g. one respondent, several complainants)."""

    first_case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    second_case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    possible_link = models.OneToOneField(PossibleLink, null=True, on_delete=models.SET_NULL, related_name="case_link")
    linked_at = models.DateTimeField()
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first_case", "second_case"], name="case_link_once_per_pair"),
            models.CheckConstraint(condition=Q(first_case__lt=F("second_case")), name="case_link_ordered"),
        ]

    def __str__(self) -> str:
        return f"case link {self.pk}"
