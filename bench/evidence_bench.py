"""Evidence upload and preview costs for a 12-megapixel photo (docs/benchmarks.md, "Evidence").

    .venv/bin/python -m bench.evidence_bench

Needs no database: it times the byte checks and full decode (evidence.validation), the PDQ hash, the
AES-GCM encryption and the blurred preview, for a progressive JPEG, a baseline JPEG and a PNG.
"""

from __future__ import annotations

import io
import time
import uuid

import numpy as np
from PIL import Image, ImageDraw

from evidence.crypto import seal
from evidence.hashing import pdq_hash
from evidence.keyring import Keyring
from evidence.previews import blurred_preview
from evidence.validation import check_evidence_file

SIZE = (4000, 3000)


def photo(seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    image = Image.new("RGB", SIZE, tuple(int(x) for x in rng.integers(0, 255, 3)))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x0, y0 = int(rng.integers(0, SIZE[0])), int(rng.integers(0, SIZE[1]))
        draw.ellipse([x0, y0, x0 + 1500, y0 + 1000], fill=tuple(int(x) for x in rng.integers(0, 255, 3)))
    grain = np.asarray(image).astype(np.int16) + rng.integers(-10, 10, (SIZE[1], SIZE[0], 3))
    return Image.fromarray(np.clip(grain, 0, 255).astype(np.uint8))


def main() -> None:
    picture = photo(1)
    keyring = Keyring(keys={"bench": b"b" * 32}, active_id="bench")
    for label, fmt, options in [
        ("JPEG, progressive", "JPEG", {"quality": 90, "progressive": True}),
        ("JPEG, baseline", "JPEG", {"quality": 90}),
        ("PNG", "PNG", {}),
    ]:
        out = io.BytesIO()
        picture.save(out, fmt, **options)
        data = out.getvalue()
        started = time.perf_counter()
        checked = check_evidence_file(data, filename=f"x.{fmt.lower()}", max_bytes=25 * 2**20, max_pixels=50_000_000)
        checked_at = time.perf_counter()
        assert checked.image is not None
        pdq_hash(checked.image)
        hashed_at = time.perf_counter()
        seal(data, evidence_id=uuid.uuid4(), keyring=keyring)
        sealed_at = time.perf_counter()
        blurred_preview(data, content_type=checked.kind.content_type)
        done = time.perf_counter()
        print(
            f"{label}: {len(data) / 2**20:.1f} MB; check+decode {1000 * (checked_at - started):.0f} ms, "
            f"PDQ {1000 * (hashed_at - checked_at):.0f} ms, encrypt {1000 * (sealed_at - hashed_at):.0f} ms, "
            f"preview {1000 * (done - sealed_at):.0f} ms"
        )


if __name__ == "__main__":
    main()
