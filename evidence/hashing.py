"""Fingerprints taken on upload: SHA-256 of the exact bytes, and PDQ (Meta's perceptual hash) of images.

PDQ is 256 bits; two pictures of the same image (resized, re-encoded, lightly edited) differ in few
bits. Meta's recommended match threshold is a Hamming distance of 31 or less, and hashes with a quality
below 50 (flat or featureless pictures) are too unreliable to match on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pdqhash  # type: ignore[import-untyped]
from PIL import Image, ImageOps

PDQ_MATCH_DISTANCE = 31
PDQ_MIN_QUALITY = 50
# PDQ works on a 64x64 reduction; hashing a 512-pixel copy gives the same hash in a fraction of the time.
HASH_SIDE = 512


@dataclass(frozen=True)
class PerceptualHash:
    hex: str  # 64 hex digits
    quality: int


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pdq_hash(image: Image.Image) -> PerceptualHash:
    """PDQ of the picture as it is shown (EXIF orientation applied). Precondition: a decoded image."""
    picture = ImageOps.exif_transpose(image).convert("RGB")
    picture.thumbnail((HASH_SIDE, HASH_SIDE), Image.Resampling.LANCZOS)
    bits, quality = pdqhash.compute(np.asarray(picture, dtype=np.uint8))
    return PerceptualHash(hex=np.packbits(np.asarray(bits, dtype=np.uint8)).tobytes().hex(), quality=int(quality))


def hamming_distance(first_hex: str, second_hex: str) -> int:
    return (int(first_hex, 16) ^ int(second_hex, 16)).bit_count()
