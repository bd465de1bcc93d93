"""Peak memory of making a preview and of checking an upload, for a small PNG of many pixels
(docs/benchmarks.md, "Evidence memory"; issue 9, item 7).

    DJANGO_SETTINGS_MODULE=casemgr.settings.test .venv/bin/python -m bench.evidence_memory_bench

The picture is a 7000 x 7000 PNG of a few shapes (about 200 KB, under the 50-megapixel limit). Each
step runs in a fresh interpreter, as a web worker would: it reports the process's resident memory
(VmHWM, the peak so far) once Django is set up and the file read, the peak after the step, and the
peak of any child process (the decoder of evidence.decoding). Needs no database.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess  # nosec B404 - runs this module again, in a fresh interpreter
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

SIDE = 7000
STEPS = ("preview", "upload")


def big_png() -> bytes:
    image = Image.new("RGB", (SIDE, SIDE), (200, 180, 160))
    draw = ImageDraw.Draw(image)
    for offset in range(0, SIDE, 500):
        draw.ellipse([offset, offset, offset + 1400, offset + 900], fill=(offset % 255, 90, 200))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def measure(step: str, path: str) -> None:
    """Run one step in this (fresh) process and print: step, MB before, MB peak, MB child peak, seconds."""
    import django

    django.setup()
    from evidence.hashing import pdq_hash
    from evidence.previews import blurred_preview
    from evidence.validation import check_evidence_file

    data = Path(path).read_bytes()
    before = _peak_mb()
    started = time.perf_counter()
    if step == "preview":
        blurred_preview(data, content_type="image/png")
    else:
        checked = check_evidence_file(data, filename="big.png", max_bytes=25 * 2**20, max_pixels=50_000_000)
        assert checked.image is not None
        pdq_hash(checked.image)
    seconds = time.perf_counter() - started
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{step} {before:.0f} {_peak_mb():.0f} {child:.0f} {seconds:.2f}")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgr.settings.test")
    data = big_png()
    with tempfile.NamedTemporaryFile(suffix=".png") as handle:
        handle.write(data)
        handle.flush()
        print(f"{SIDE} x {SIDE} PNG, {len(data) / 1024:.0f} KB")
        for step in STEPS:
            done = subprocess.run(  # noqa: S603  # nosec B603 - this module, with fixed arguments
                [sys.executable, "-m", "bench.evidence_memory_bench", "--measure", step, handle.name],
                capture_output=True,
                text=True,
                check=True,
            )
            name, before, peak, child, seconds = done.stdout.split()[-5:]
            print(
                f"{name}: worker {before} MB -> peak {peak} MB (+{int(peak) - int(before)} MB); "
                f"decoder child peak {child} MB; {seconds} s"
            )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        measure(sys.argv[2], sys.argv[3])
    else:
        main()
