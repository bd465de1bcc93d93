"""Reading the structure of the accepted image formats from their bytes, without decoding pixels.

Each reader returns the dimensions from the header and the offset where the image ends (PNG's IEND
chunk, JPEG's EOI marker, WebP's RIFF size), so the caller can refuse a picture too large to decode and
bytes hidden after the end (a polyglot). A malformed structure raises `Malformed`.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"

# Start-of-frame markers carry the dimensions (not DHT C4, JPG C8 or DAC CC).
_JPEG_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
_JPEG_SOS, _JPEG_EOI = 0xDA, 0xD9


class Malformed(Exception):
    """The bytes claim a format but do not follow it."""


@dataclass(frozen=True)
class ImageLayout:
    width: int
    height: int
    end: int  # offset just past the image's last byte


def is_webp(data: bytes) -> bool:
    return data[:4] == b"RIFF" and data[8:12] == b"WEBP"


def png_layout(data: bytes) -> ImageLayout:
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise Malformed("no PNG header")
    width, height = struct.unpack(">II", data[16:24])
    position = len(PNG_SIGNATURE)
    while True:
        if position + 12 > len(data):
            raise Malformed("PNG ends before its IEND chunk")
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        position += 12 + length
        if position > len(data):
            raise Malformed("PNG chunk runs past the end of the file")
        if kind == b"IEND":
            return ImageLayout(width=width, height=height, end=position)


def jpeg_layout(data: bytes) -> ImageLayout:
    size: tuple[int, int] | None = None
    position = 2
    while True:
        if position >= len(data) or data[position] != 0xFF:
            raise Malformed("JPEG marker expected")
        while position < len(data) and data[position] == 0xFF:  # fill bytes before a marker
            position += 1
        if position >= len(data):
            raise Malformed("JPEG ends inside a marker")
        marker = data[position]
        position += 1
        if marker == _JPEG_EOI:
            if size is None:
                raise Malformed("JPEG without a frame header")
            return ImageLayout(width=size[0], height=size[1], end=position)
        if marker in _JPEG_STANDALONE:
            continue
        if position + 2 > len(data):
            raise Malformed("JPEG segment truncated")
        (length,) = struct.unpack(">H", data[position : position + 2])
        if length < 2 or position + length > len(data):
            raise Malformed("JPEG segment runs past the end of the file")
        if marker in _JPEG_SOF:
            if length < 7:
                raise Malformed("JPEG frame header too short")
            height, width = struct.unpack(">HH", data[position + 3 : position + 7])
            size = (width, height)
        position += length
        if marker == _JPEG_SOS:
            position = _skip_entropy_coded(data, position)


def _skip_entropy_coded(data: bytes, position: int) -> int:
    # Scan data ends at the first 0xFF not followed by a stuffed 0x00, a restart marker or more fill.
    while True:
        found = data.find(b"\xff", position)
        if found < 0 or found + 1 >= len(data):
            raise Malformed("JPEG ends inside its image data")
        following = data[found + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            position = found + 1
            continue
        return found


def webp_layout(data: bytes) -> ImageLayout:
    if len(data) < 30:
        raise Malformed("WebP too short")
    (riff_size,) = struct.unpack("<I", data[4:8])
    end = 8 + riff_size
    if end > len(data):
        raise Malformed("WebP ends before its RIFF size")
    chunk = data[12:16]
    if chunk == b"VP8X":
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
    elif chunk == b"VP8L":
        if data[20] != 0x2F:
            raise Malformed("WebP lossless signature missing")
        bits = int.from_bytes(data[21:25], "little")
        width, height = (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    elif chunk == b"VP8 ":
        if data[23:26] != b"\x9d\x01\x2a":
            raise Malformed("WebP lossy start code missing")
        width = struct.unpack("<H", data[26:28])[0] & 0x3FFF
        height = struct.unpack("<H", data[28:30])[0] & 0x3FFF
    else:
        raise Malformed("unknown WebP chunk")
    return ImageLayout(width=width, height=height, end=end)
