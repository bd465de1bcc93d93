"""Blurred previews: small, pixelated and blurred, so the inventory can be read without seeing anyone."""

from __future__ import annotations

import io

from PIL import Image, ImageFilter

from evidence.decoding import reduced_picture

PREVIEW_SIDE = 240
_MOSAIC = 16  # the preview is first reduced to this many pixels across: no face survives it
_BLUR_RADIUS = 6
_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


def blurred_preview(original: bytes, *, content_type: str) -> bytes:
    """A PNG at most PREVIEW_SIDE wide or high. Precondition: `original` is an image that passed
    evidence.validation on upload (so it is opened with its one expected format only).

    Memory stays bounded whatever the picture (evidence.decoding). Raises evidence.decoding.PictureError
    if it cannot be decoded within the limits.
    """
    picture = reduced_picture(original, pillow_format=_FORMATS[content_type], side=PREVIEW_SIDE)
    width, height = picture.size
    mosaic = picture.resize((max(1, _MOSAIC), max(1, round(_MOSAIC * height / width))), Image.Resampling.BOX).resize(
        (width, height), Image.Resampling.BILINEAR
    )
    blurred = mosaic.filter(ImageFilter.GaussianBlur(_BLUR_RADIUS))
    out = io.BytesIO()
    blurred.save(out, format="PNG")
    return out.getvalue()
