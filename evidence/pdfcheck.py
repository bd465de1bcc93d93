"""Refusing PDFs that can act when opened: scripts, launch actions, embedded files, encryption.

The check reads PDF names (decoding #xx escapes, which hide /JavaScript as /J#61vaScript) in the file and
inside its compressed streams, where PDF 1.5 object streams keep dictionaries. Image streams are not
inflated (they hold pixels, not dictionaries), and inflation stops at a budget, so a compressed bomb is
refused rather than expanded.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_CHUNK = 1 << 20

# Names that make a reader run code, start programs, submit data or carry other files.
_ACTIVE = frozenset(
    {b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia", b"XFA", b"SubmitForm"}
    | {b"ImportData", b"GoToE"}
)


class _Budget(Exception):
    """The PDF needed more decompression than the check allows (a possible bomb)."""


def pdf_problem(data: bytes, *, inflate_budget: int) -> StrOrPromise | None:
    """Why the PDF is refused, or None. Precondition: `data` starts with %PDF- (see validation)."""
    if not data.rstrip().endswith(b"%%EOF"):
        return _("The PDF is incomplete or has data after its end. Save it again as a PDF and retry.")
    try:
        names = set(_names(data))
        for inflated in _inflated_streams(data, budget=inflate_budget):
            names.update(_names(inflated))
    except _Budget:
        return _("The PDF's compressed content is too large to check. Print it to a new PDF and retry.")
    if b"Encrypt" in names:
        return _("The PDF is password-protected or encrypted, so it cannot be checked. Remove the protection.")
    if names & _ACTIVE:
        return _(
            "The PDF contains scripts, actions or embedded files, which are not accepted. "
            "Print it to a new PDF and retry."
        )
    return None


def _names(data: bytes) -> Iterator[bytes]:
    for match in _NAME.finditer(data):
        yield _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))


def _inflated_streams(data: bytes, *, budget: int) -> Iterator[bytes]:
    remaining = budget
    for match in _STREAM.finditer(data):
        header = data[max(0, match.start() - 2048) : match.start()]
        header = header[header.rfind(b"obj") + 1 :]
        if b"/FlateDecode" not in header or (b"/Image" in header and b"/ObjStm" not in header):
            continue
        end = data.find(b"endstream", match.end())
        body = data[match.end() : end if end >= 0 else len(data)]
        inflated = _inflate(body, limit=remaining)
        remaining -= len(inflated)
        yield inflated


def _inflate(body: bytes, *, limit: int) -> bytes:
    inflater = zlib.decompressobj()
    out = bytearray()
    try:
        for start in range(0, len(body), _CHUNK):
            out += inflater.decompress(body[start : start + _CHUNK], limit - len(out) + 1)
            if len(out) > limit or inflater.unconsumed_tail:
                raise _Budget
    except zlib.error:
        pass  # a damaged stream: a reader cannot act on it either; what inflated so far is still checked
    return bytes(out)
