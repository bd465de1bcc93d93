"""What may be kept as evidence is decided by the bytes: polyglots, bombs, scripts and lying names are
refused with a reason, and a refused upload stores nothing."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from evidence.models import Evidence, EvidenceSource
from evidence.upload import do_upload_evidence
from evidence.validation import check_evidence_file
from tests.evidence.conftest import AT, encode, photo, stored_files

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def in_english():
    # The messages are checked in English; these tests need no database, so pytest-django runs them
    # last, after tests that may have left another language active in the thread.
    with translation.override("en"):
        yield


def check(data: bytes, filename: str, *, max_bytes: int = 25 * MB, max_pixels: int = 50_000_000):
    return check_evidence_file(data, filename=filename, max_bytes=max_bytes, max_pixels=max_pixels)


def refusal(data: bytes, filename: str, **limits) -> str:
    with pytest.raises(ValidationError) as caught:
        check(data, filename, **limits)
    return " ".join(caught.value.message_dict["file"])


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def huge_png_header(width: int = 50_000, height: int = 50_000) -> bytes:
    """A PNG that claims width x height pixels; only the header exists (nothing that size is allocated)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"\x00")) + _chunk(b"IEND", b"")


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.html", "<html><script>alert(1)</script></html>")
    return out.getvalue()


def pdf_bytes() -> bytes:
    return encode(photo(5, (200, 150)), "PDF")


SIMPLE_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


class TestAccepted:
    def test_it_accepts_a_png_and_reads_its_size(self, png_bytes):
        checked = check(png_bytes, "screenshot.png")
        assert (checked.kind.content_type, checked.width, checked.height) == ("image/png", 640, 480)
        assert checked.image is not None

    def test_it_accepts_jpeg_and_webp(self):
        assert check(encode(photo(2), "JPEG", quality=85), "IMG_0001.JPG").kind.content_type == "image/jpeg"
        assert check(encode(photo(2), "WEBP", quality=80), "a.webp").kind.content_type == "image/webp"
        assert check(encode(photo(2), "WEBP", lossless=True), "b.webp").width == 640

    def test_it_accepts_a_pdf_and_a_chat_export(self):
        assert check(pdf_bytes(), "statement.pdf").kind.name == "pdf"
        chat = "[14/02/2025, 21:03] 朋友: 你見唔見到呢個 folder?\n[14/02/2025, 21:04] Me: yes\n".encode()
        assert check(chat, "WhatsApp Chat.txt").kind.name == "text"

    def test_it_accepts_a_name_without_extension(self, png_bytes):
        assert check(png_bytes, "pasted image").kind.content_type == "image/png"


class TestRefused:
    def test_it_refuses_a_png_with_a_zip_appended(self, png_bytes):
        assert "hidden after its end" in refusal(png_bytes + zip_bytes(), "holiday.png")

    def test_it_refuses_a_png_with_html_appended(self, png_bytes):
        assert "hidden after its end" in refusal(png_bytes + b"<html><script>alert(1)</script></html>", "x.png")

    def test_it_refuses_a_jpeg_with_a_pdf_appended(self):
        jpeg = encode(photo(3), "JPEG")
        assert "hidden after its end" in refusal(jpeg + SIMPLE_PDF + b"%%EOF\n", "x.jpg")

    def test_it_refuses_a_jpeg_carrying_a_pdf_inside(self):
        comment = b"%PDF-1.4 hidden document"
        jpeg = encode(photo(3), "JPEG")
        inside = jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + jpeg[2:]
        assert "another kind of file" in refusal(inside, "x.jpg")

    def test_it_refuses_an_svg_with_script_by_content_whatever_its_name(self):
        assert "SVG images are not accepted" in refusal(SVG_WITH_SCRIPT, "drawing.svg")
        assert "SVG images are not accepted" in refusal(SVG_WITH_SCRIPT, "notes.txt")

    def test_it_refuses_a_50000_by_50000_png_before_decoding(self):
        message = refusal(huge_png_header(), "big.png")
        assert "50000 × 50000 pixels" in message
        assert "50.0 million" in message

    def test_it_refuses_a_file_whose_name_lies(self, png_bytes):
        assert "called .jpg but its content is a PDF document" in refusal(pdf_bytes(), "photo.jpg")
        assert "called .pdf but its content is a PNG image" in refusal(png_bytes, "report.pdf")

    def test_it_refuses_html_gif_and_zip(self):
        assert "HTML" in refusal(b"<!DOCTYPE html><html><body>hi</body></html>", "page.txt")
        assert "GIF" in refusal(b"GIF89a" + b"\x00" * 40, "x.gif")
        assert "ZIP" in refusal(zip_bytes(), "x.zip")

    def test_it_refuses_pdfs_that_can_act(self):
        scripted = SIMPLE_PDF + b"3 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF\n"
        assert "scripts" in refusal(scripted, "a.pdf")
        hidden = SIMPLE_PDF + b"3 0 obj<</S/J#61vaScript/JS(x)>>endobj\n%%EOF\n"
        assert "scripts" in refusal(hidden, "a.pdf")
        launcher = SIMPLE_PDF + b"3 0 obj<</S/Launch/F(cmd.exe)>>endobj\n%%EOF\n"
        assert "scripts" in refusal(launcher, "a.pdf")

    def test_it_finds_a_script_inside_a_compressed_object_stream(self):
        body = zlib.compress(b"3 0 <</S/JavaScript/JS(app.alert(1))>>")
        streamed = SIMPLE_PDF + b"4 0 obj<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length %d>>stream\n" % len(body)
        streamed += body + b"\nendstream\nendobj\n%%EOF\n"
        assert "scripts" in refusal(streamed, "a.pdf")

    def test_it_refuses_a_compressed_bomb_in_a_pdf(self):
        body = zlib.compress(b"\x00" * (8 * MB), 9)
        bomb = SIMPLE_PDF + b"4 0 obj<</Filter/FlateDecode/Length %d>>stream\n" % len(body) + body
        bomb += b"\nendstream\nendobj\n%%EOF\n"
        assert "too large to check" in refusal(bomb, "a.pdf", max_bytes=1 * MB)

    def test_it_refuses_a_pdf_with_data_after_its_end(self):
        assert "after its end" in refusal(pdf_bytes() + b"<html>", "a.pdf")

    def test_it_refuses_empty_too_large_and_binary_text(self, png_bytes):
        assert "empty" in refusal(b"", "a.txt")
        assert "larger than the limit of 0.0 MB" in refusal(png_bytes, "a.png", max_bytes=1000)
        assert "not accepted" in refusal(b"hello\x00world", "a.txt")

    def test_it_refuses_a_truncated_image(self, png_bytes):
        assert "damaged or incomplete" in refusal(png_bytes[: len(png_bytes) // 2], "a.png")

    def test_it_counts_pixels_against_the_configured_limit(self, png_bytes):
        assert "more than the limit" in refusal(png_bytes, "a.png", max_pixels=640 * 480 - 1)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("png-with-zip", lambda png: (png + zip_bytes(), "holiday.png")),
        ("svg-with-script", lambda png: (SVG_WITH_SCRIPT, "drawing.svg")),
        ("50000x50000-png", lambda png: (huge_png_header(), "big.png")),
        ("name-lies", lambda png: (pdf_bytes(), "photo.jpg")),
    ],
)
def test_it_stores_nothing_for_a_refused_upload(case, officer, evidence_root, png_bytes, name, content):
    data, filename = content(png_bytes)
    with pytest.raises(ValidationError) as caught:
        do_upload_evidence(
            case,
            content=data,
            filename=filename,
            description="",
            depicts=None,
            source=EvidenceSource.OFFICER,
            acting_user=officer,
            at=AT,
        )
    assert caught.value.message_dict["file"]
    assert not Evidence.objects.exists()
    assert stored_files(evidence_root) == []


def test_it_explains_a_refusal_in_traditional_chinese():
    with translation.override("zh-hant"):
        assert "不接受 SVG 圖片" in refusal(SVG_WITH_SCRIPT, "drawing.svg")
