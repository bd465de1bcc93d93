"""Deciding from its bytes alone whether an uploaded file may be kept as evidence.

Accepted: JPEG, PNG and WebP images, PDF documents, plain-text (UTF-8) chat exports. The file's name
and the browser's declared type are not trusted: the content is recognised by its signature, and a
name whose extension says otherwise is refused. Images are measured from their headers before any
pixel is decoded, then decoded only by the one Pillow plugin for the detected format. Every refusal is
a ValidationError on the field "file" saying why, in words the uploader can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from PIL import Image

from evidence.decoding import PictureError, reduced_picture
from evidence.formats import (
    JPEG_SIGNATURE,
    PNG_SIGNATURE,
    ImageLayout,
    Malformed,
    is_webp,
    jpeg_layout,
    png_layout,
    webp_layout,
)
from evidence.hashing import HASH_SIDE
from evidence.pdfcheck import pdf_problem


@dataclass(frozen=True)
class Kind:
    name: str  # "image", "pdf" or "text"
    content_type: str
    extension: str  # the extension the download gets
    extensions: frozenset[str]  # the extensions an uploaded name may have
    label: StrOrPromise
    pillow_format: str = ""


JPEG = Kind("image", "image/jpeg", "jpg", frozenset({"jpg", "jpeg", "jpe", "jfif"}), _("a JPEG image"), "JPEG")
PNG = Kind("image", "image/png", "png", frozenset({"png"}), _("a PNG image"), "PNG")
WEBP = Kind("image", "image/webp", "webp", frozenset({"webp"}), _("a WebP image"), "WEBP")
PDF = Kind("pdf", "application/pdf", "pdf", frozenset({"pdf"}), _("a PDF document"))
TEXT = Kind("text", "text/plain; charset=utf-8", "txt", frozenset({"txt", "text", "csv"}), _("a plain-text file"))

# Recognised but refused, with what to do instead.
_REFUSED_SIGNATURES: tuple[tuple[bytes, StrOrPromise], ...] = (
    (b"GIF8", _("GIF images are not accepted. Save the picture as PNG or JPEG.")),
    (b"PK\x03\x04", _("ZIP archives and Office documents are not accepted. Upload each picture, or a PDF.")),
    (b"BM", _("BMP images are not accepted. Save the picture as PNG.")),
    (b"II*\x00", _("TIFF images are not accepted. Save the picture as PNG or JPEG.")),
    (b"MM\x00*", _("TIFF images are not accepted. Save the picture as PNG or JPEG.")),
    (b"MZ", _("Programs are not accepted.")),
    (b"\x7fELF", _("Programs are not accepted.")),
)
_SVG_REFUSED = _("SVG images are not accepted: they can contain scripts. Upload a PNG or JPEG screenshot instead.")
_HTML_REFUSED = _("Web pages (HTML) are not accepted. Upload a screenshot, a PDF or a plain-text export.")
_UNKNOWN = _(
    "This kind of file is not accepted. Upload JPEG, PNG or WebP images, PDF documents or plain-text chat exports."
)

# Another format's signature inside an image makes it a polyglot some program would read differently.
# The ZIP signatures include the fixed fields that follow them, so compressed pixels almost never match.
_EMBEDDED = re.compile(
    rb"PK\x03\x04[\x0a-\x3f]\x00|PK\x05\x06\x00\x00\x00\x00|%PDF-|<script|<html|<svg|<iframe|<!doctype", re.IGNORECASE
)
# A PDF legitimately holds images (JPEG streams), so only archives and markup count there.
_EMBEDDED_IN_PDF = re.compile(
    rb"PK\x03\x04[\x0a-\x3f]\x00|PK\x05\x06\x00\x00\x00\x00|<script|<html|<svg|<iframe", re.IGNORECASE
)
_MARKUP = re.compile(rb"<script|<html|<svg|<iframe|<!doctype html|<\?xml", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class CheckedFile:
    kind: Kind
    width: int | None = None
    height: int | None = None
    image: Image.Image | None = None  # decoded and reduced to HASH_SIDE, for hashing; only for images


def _refuse(message: StrOrPromise) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code="invalid_evidence")})


def check_evidence_file(data: bytes, *, filename: str, max_bytes: int, max_pixels: int) -> CheckedFile:
    """Check an upload's bytes and name; return what it is (and the decoded image, for images).

    Raises ValidationError on "file" when the file is empty, too large, not an accepted kind, named as
    another kind, malformed, too many pixels, a polyglot, or a PDF/text with active content.
    """
    if not data:
        raise _refuse(_("The file is empty."))
    if len(data) > max_bytes:
        raise _refuse(
            _("The file is larger than the limit of %(mb)s MB.") % {"mb": round(max_bytes / (1024 * 1024), 1)}
        )
    kind = _detect(data)
    _check_name(filename, kind)
    if kind.name == "image":
        return _check_image(data, kind=kind, max_pixels=max_pixels)
    if kind is PDF:
        problem = pdf_problem(data, inflate_budget=4 * max_bytes)
        if problem is not None:
            raise _refuse(problem)
        if _EMBEDDED_IN_PDF.search(data):
            raise _refuse(_("The PDF has another kind of file or web page inside it, which is not accepted."))
        return CheckedFile(kind=PDF)
    return CheckedFile(kind=TEXT)


def _detect(data: bytes) -> Kind:
    if data.startswith(PNG_SIGNATURE):
        return PNG
    if data.startswith(JPEG_SIGNATURE):
        return JPEG
    if is_webp(data):
        return WEBP
    if data.startswith(b"%PDF-"):
        return PDF
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
        raise _refuse(_("HEIC and AVIF photos are not accepted. Export the photo as JPEG."))
    for signature, message in _REFUSED_SIGNATURES:
        if data.startswith(signature):
            raise _refuse(message)
    return _check_text(data)


def _check_text(data: bytes) -> Kind:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(_UNKNOWN) from None
    head = text.lstrip().lower()
    if head.startswith("<svg") or (head.startswith("<?xml") and "<svg" in head) or "<svg" in head[:4096]:
        raise _refuse(_SVG_REFUSED)
    if "\x00" in text or _CONTROL.search(text):
        raise _refuse(_UNKNOWN)
    if _MARKUP.search(data):
        raise _refuse(_HTML_REFUSED)
    return TEXT


def _check_name(filename: str, kind: Kind) -> None:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if "." not in name.strip(".") and not name.startswith("."):
        return  # no extension claims anything
    extension = name.rsplit(".", 1)[-1].lower()
    if extension not in kind.extensions:
        raise _refuse(
            _("The file is called .%(extension)s but its content is %(kind)s. Check you chose the right file.")
            % {"extension": extension[:10], "kind": kind.label}
        )


def _layout(data: bytes, kind: Kind) -> ImageLayout:
    reader = {"PNG": png_layout, "JPEG": jpeg_layout, "WEBP": webp_layout}[kind.pillow_format]
    try:
        return reader(data)
    except Malformed:
        raise _refuse(_("The image is damaged or incomplete. Save it again and retry.")) from None


def _check_image(data: bytes, *, kind: Kind, max_pixels: int) -> CheckedFile:
    layout = _layout(data, kind)
    if layout.width < 1 or layout.height < 1 or layout.width * layout.height > max_pixels:
        raise _refuse(
            _("The image is %(width)s × %(height)s pixels, more than the limit of %(limit)s million pixels.")
            % {"width": layout.width, "height": layout.height, "limit": round(max_pixels / 1_000_000, 1)}
        )
    if data[layout.end :].strip(b"\x00"):
        raise _refuse(_("The image has other data hidden after its end, which is not accepted. Save it again."))
    if _EMBEDDED.search(data):
        raise _refuse(_("The image has another kind of file or web page inside it, which is not accepted."))
    image = _decode(data, kind=kind, layout=layout)
    return CheckedFile(kind=kind, width=layout.width, height=layout.height, image=image)


def _decode(data: bytes, *, kind: Kind, layout: ImageLayout) -> Image.Image:
    """Decode the whole picture (a damaged one is refused) to the copy its PDQ hash is taken from,
    with bounded memory (evidence.decoding: JPEG at reduced size, large PNG and WebP in a child process)."""
    try:
        return reduced_picture(
            data,
            pillow_format=kind.pillow_format,
            side=HASH_SIDE,
            resample="lanczos",
            expected_size=(layout.width, layout.height),
        )
    except PictureError as error:
        if error.too_large:
            raise _refuse(_("The image is too large to open safely.")) from None
        raise _refuse(_("The image is damaged or incomplete. Save it again and retry.")) from None
