"""Previews and upload checks decode with bounded memory (issue 9, item 7): a 7000 x 7000 PNG of a few
hundred kilobytes took a web worker from 119 MB to 731 MB. Large PNGs are decoded in a child process
with a memory limit; the worker only ever holds the file and a small copy."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from evidence import decoding
from evidence.decoding import IN_PROCESS_PIXELS, reduce_loaded, reduced_picture
from evidence.previews import PREVIEW_SIDE, blurred_preview
from evidence.validation import check_evidence_file

ROOT = Path(__file__).resolve().parents[2]
SIDE = 7000


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def striped_png(width: int, height: int, *, colour_type: int = 2) -> bytes:
    """A real, complete PNG of bands of colour (RGB, or RGBA with colour_type 6), written row by row so
    that the test never holds the decoded picture itself."""
    channels = 4 if colour_type == 6 else 3
    rows = [b"\x00" + bytes((band * 37 % 256, 90, 200, 255)[:channels]) * width for band in range(16)]
    compressor = zlib.compressobj(1)
    body = [compressor.compress(rows[(y * 16 // height) % 16]) for y in range(height)]
    body.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", b"".join(body)) + _chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def huge_png() -> bytes:
    return striped_png(SIDE, SIDE)


_MEASURE = """
import sys
from pathlib import Path
from evidence.previews import blurred_preview

def peak_mb():
    line = next(l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024

data = Path(sys.argv[1]).read_bytes()
before = peak_mb()
preview = blurred_preview(data, content_type="image/png")
print(round(peak_mb() - before), len(preview))
"""


def test_a_worker_makes_the_preview_of_a_huge_png_without_holding_its_pixels(huge_png: bytes, tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    path.write_bytes(huge_png)

    # A fresh interpreter stands for the web worker: its peak memory is not that of earlier tests.
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    grown_mb, preview_bytes = (int(x) for x in done.stdout.split())

    assert len(huge_png) < 1_000_000  # a small file: what matters is the pixels it decodes to
    assert preview_bytes > 0
    # Decoding in this process needed 147 MB for the pixels alone, and about 560 MB in all.
    assert grown_mb < 40


def test_the_preview_of_a_huge_png_is_small_and_blurred(huge_png: bytes) -> None:
    preview = Image.open(io.BytesIO(blurred_preview(huge_png, content_type="image/png")))

    assert preview.size == (PREVIEW_SIDE, PREVIEW_SIDE)
    assert preview.format == "PNG"


def test_the_upload_check_reads_a_huge_png_for_its_hash(huge_png: bytes) -> None:
    checked = check_evidence_file(huge_png, filename="huge.png", max_bytes=25 * 2**20, max_pixels=50_000_000)

    assert (checked.width, checked.height) == (SIDE, SIDE)
    assert checked.image is not None
    assert checked.image.size == (512, 512)


def test_the_child_decodes_exactly_as_the_worker_would() -> None:
    data = striped_png(2600, 2000, colour_type=6)  # RGBA, over IN_PROCESS_PIXELS: decoded in the child
    assert IN_PROCESS_PIXELS < 2600 * 2000

    in_child = reduced_picture(data, pillow_format="PNG", side=512, resample="lanczos")
    with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
        in_process = reduce_loaded(image, side=512, resample="lanczos")

    assert in_child.size == in_process.size == (512, 394)
    assert in_child.mode == in_process.mode == "RGB"
    assert in_child.tobytes() == in_process.tobytes()


def test_it_refuses_a_picture_that_needs_more_memory_than_the_decoder_may_take(
    huge_png: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 96 MB of address space for the child: enough to start, not for 147 MB of pixels.
    monkeypatch.setattr(decoding, "_CHILD_BASE_BYTES", 96 * 2**20)
    monkeypatch.setattr(decoding, "_CHILD_BYTES_PER_PIXEL", 0)

    with pytest.raises(ValidationError) as refused:
        check_evidence_file(huge_png, filename="huge.png", max_bytes=25 * 2**20, max_pixels=50_000_000)

    assert refused.value.message_dict == {"file": ["The image is too large to open safely."]}


def test_it_refuses_a_large_png_that_is_cut_short_as_damaged() -> None:
    data = striped_png(2600, 2000)
    idat = data.index(b"IDAT")
    (length,) = struct.unpack(">I", data[idat - 4 : idat])
    # Half the compressed pixels, in a well-formed chunk: the header and layout checks pass, decoding fails.
    half = data[idat + 4 : idat + 4 + length // 2]
    cut = data[: idat - 4] + _chunk(b"IDAT", half) + _chunk(b"IEND", b"")

    with pytest.raises(ValidationError) as refused:
        check_evidence_file(cut, filename="cut.png", max_bytes=25 * 2**20, max_pixels=50_000_000)

    assert refused.value.message_dict == {"file": ["The image is damaged or incomplete. Save it again and retry."]}
