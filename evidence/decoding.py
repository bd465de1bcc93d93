"""Decoding an evidence picture to a small copy (for its PDQ hash and its blurred preview) with
bounded memory.

Pillow holds every decoded pixel: a 190 KB PNG of 7000 x 7000 pixels (under the pixel limit) took a
web worker from 119 MB to 731 MB to make its preview, and the upload's check did the same. So:

- JPEG is decoded at reduced size by libjpeg (`draft`: 1/2, 1/4 or 1/8 scale), which is as good for a
  copy at most 512 pixels across and never holds the full picture;
- a picture that still has more than IN_PROCESS_PIXELS to decode (a large PNG or WebP, which cannot be
  decoded at reduced size) is decoded in a child process whose address space is limited (RLIMIT_AS)
  and CPU time too. The worker holds only the file and the small copy; a picture needing more than
  the limit is refused as too large to open safely, and the memory is returned when the child ends.

Both ways run `reduce_loaded`, so the copy is the same. This file is also the child's program: run
as a script, it imports nothing of the project (and no Django), only Pillow.
"""

from __future__ import annotations

import io
import resource
import struct
import subprocess  # nosec B404 - runs only this file, with the interpreter running us, no shell
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import Image, ImageOps

# Up to this many pixels to decode (16 MB as RGBA) a picture is decoded in the process that asks.
IN_PROCESS_PIXELS = 4_000_000
# The child's address space: the interpreter and Pillow (about 60 MB), then per pixel the decoded
# picture (up to 4 bytes), its RGB conversion (3) and a rotated copy when EXIF says so (4).
_CHILD_BASE_BYTES = 256 * 1024 * 1024
_CHILD_BYTES_PER_PIXEL = 12
_CHILD_CPU_SECONDS = 60
_CHILD_TIMEOUT_SECONDS = 90
_RESAMPLING = {"lanczos": Image.Resampling.LANCZOS, "bicubic": Image.Resampling.BICUBIC}
_EXIT_DAMAGED, _EXIT_TOO_LARGE = 3, 4
_HEADER = struct.Struct(">II")


class PictureError(Exception):
    """The picture cannot be decoded: `too_large` (it needs more memory or time than allowed, or
    Pillow sees a decompression bomb) or not (damaged, incomplete, or not the size its header said)."""

    def __init__(self, *, too_large: bool) -> None:
        super().__init__("too large to decode safely" if too_large else "damaged or incomplete")
        self.too_large = too_large


def reduced_picture(
    data: bytes,
    *,
    pillow_format: str,
    side: int,
    resample: str = "bicubic",
    expected_size: tuple[int, int] | None = None,
) -> Image.Image:
    """The picture in `data` as it is shown (EXIF orientation applied), in RGB, reduced to fit
    `side` x `side` (Pillow's thumbnail with `resample`, "bicubic" or "lanczos").

    Precondition: `pillow_format` is the format the bytes were recognised as (JPEG, PNG or WEBP); only
    that decoder is used. The whole picture is decoded, so a damaged file is found. Raises PictureError,
    also when `expected_size` is given and the decoder sees another size.
    """
    with _guarded(), _open(data, pillow_format) as image:
        if expected_size is not None and image.size != expected_size:
            raise PictureError(too_large=False)
        _draft(image, side)
        width, height = image.size
        if width * height <= IN_PROCESS_PIXELS:
            return reduce_loaded(image, side=side, resample=resample)
    return _reduced_in_child(data, pillow_format=pillow_format, side=side, resample=resample, pixels=width * height)


def reduce_loaded(image: Image.Image, *, side: int, resample: str) -> Image.Image:
    """Decode `image` (opened, not yet loaded) and reduce it as reduced_picture says."""
    image.load()
    ImageOps.exif_transpose(image, in_place=True)  # no copy when there is nothing to turn
    picture = image if image.mode == "RGB" else image.convert("RGB")
    picture.thumbnail((side, side), _RESAMPLING[resample])
    return picture.copy() if picture is image else picture


def _open(data: bytes, pillow_format: str) -> Image.Image:
    return Image.open(io.BytesIO(data), formats=[pillow_format])


def _draft(image: Image.Image, side: int) -> None:
    if image.format == "JPEG":
        # Decodes straight to the smallest DCT scale still at least `side` across.
        image.draft("RGB", (side, side))


@contextmanager
def _guarded() -> Iterator[None]:
    """Decoding errors as PictureError; decompression-bomb warnings as errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError):
            raise PictureError(too_large=True) from None
        except (OSError, SyntaxError, ValueError, EOFError, struct.error):
            raise PictureError(too_large=False) from None


def _reduced_in_child(data: bytes, *, pillow_format: str, side: int, resample: str, pixels: int) -> Image.Image:
    limit = _CHILD_BASE_BYTES + _CHILD_BYTES_PER_PIXEL * pixels
    command = [sys.executable, "-I", __file__, pillow_format, str(side), resample, str(limit)]
    try:
        done = subprocess.run(  # noqa: S603  # nosec B603 - fixed arguments, no shell; the bytes go to stdin
            command, input=data, capture_output=True, timeout=_CHILD_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise PictureError(too_large=True) from None
    if done.returncode == _EXIT_DAMAGED:
        raise PictureError(too_large=False)
    if done.returncode != 0 or len(done.stdout) < _HEADER.size:
        # Out of memory or CPU time (killed, or MemoryError), or a decoder crash: refused, never retried here.
        raise PictureError(too_large=True)
    width, height = _HEADER.unpack_from(done.stdout)
    pixels_bytes = done.stdout[_HEADER.size :]
    if len(pixels_bytes) != width * height * 3:
        raise PictureError(too_large=True)
    return Image.frombytes("RGB", (width, height), pixels_bytes)


def _child_main(arguments: list[str]) -> int:
    pillow_format, side, resample, limit = arguments[0], int(arguments[1]), arguments[2], int(arguments[3])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (_CHILD_CPU_SECONDS, _CHILD_CPU_SECONDS))
    data = sys.stdin.buffer.read()
    try:
        with _guarded(), _open(data, pillow_format) as image:
            _draft(image, side)
            picture = reduce_loaded(image, side=side, resample=resample)
    except PictureError as error:
        return _EXIT_TOO_LARGE if error.too_large else _EXIT_DAMAGED
    sys.stdout.buffer.write(_HEADER.pack(*picture.size) + picture.tobytes())
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
