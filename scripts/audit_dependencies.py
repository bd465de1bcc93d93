"""pip-audit over the pinned requirements, for scripts/test: fail on a known vulnerability, and say so
plainly when the audit could not be done (no vulnerability service reachable) instead of passing.

pip-audit itself reports "No known vulnerabilities found" and exits 0 when it could audit nothing, so
its JSON report is read here: each dependency either has its vulnerabilities or a skip reason.
"""

from __future__ import annotations

import json
import subprocess  # nosec B404  # runs pip-audit from .venv with fixed arguments
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_SECONDS = 60
COMMAND = [
    str(ROOT / ".venv" / "bin" / "pip-audit"),
    "-r",
    "requirements.txt",
    "-r",
    "requirements-dev.txt",
    # Every line is pinned (name==version): nothing to resolve, no virtualenv to build.
    "--no-deps",
    "--disable-pip",
    "--progress-spinner",
    "off",
    "--timeout",
    "15",
    "--format",
    "json",
]


def main() -> int:
    with tempfile.TemporaryDirectory() as directory:
        report_path = Path(directory) / "audit.json"
        try:
            finished = subprocess.run(  # nosec B603  # a fixed command line, no shell
                [*COMMAND, "--output", str(report_path)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            print(f"pip-audit: NOT DONE here: no answer from the vulnerability service within {TIMEOUT_SECONDS} s.")
            return 0
        report = _load(report_path)
    if report is None:
        reason = (finished.stderr.strip().splitlines() or ["no report written"])[-1]
        print(f"pip-audit: NOT DONE here: pip-audit could not run ({reason}).")
        return 0
    return _judge(report["dependencies"])


def _load(path: Path) -> dict[str, Any] | None:
    try:
        loaded: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded.get("dependencies"), list) else None


def _judge(dependencies: list[dict[str, Any]]) -> int:
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    for dependency in vulnerable:
        ids = ", ".join(v["id"] for v in dependency["vulns"])
        print(f"pip-audit: {dependency['name']} {dependency.get('version', '')} has known vulnerabilities: {ids}")
    if vulnerable:
        return 1
    if audited == 0:
        why = skipped[0]["skip_reason"] if skipped else "no dependencies listed"
        print(
            f"pip-audit: NOT DONE here: none of the {len(skipped)} pinned packages could be audited, the "
            f"vulnerability service cannot be reached from this machine (pip-audit says: {why})."
        )
        return 0
    names = ", ".join(d["name"] for d in skipped)
    print(
        f"pip-audit: {audited} packages audited, no known vulnerabilities"
        + (f"; not audited: {names}" if names else ".")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
