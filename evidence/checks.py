"""A system check: the evidence directory must not be one that a URL serves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, register


def _inside(path: Path, directory: str | Path) -> bool:
    if not str(directory):
        return False
    root = Path(directory).resolve()
    return path == root or root in path.parents or path in root.parents


@register("security")
def check_evidence_root(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    evidence_root = Path(settings.CASEMGR_EVIDENCE_ROOT).resolve()
    static_dirs = [entry[1] if isinstance(entry, tuple) else entry for entry in settings.STATICFILES_DIRS]
    served = [settings.MEDIA_ROOT, settings.STATIC_ROOT or "", *static_dirs]
    if any(_inside(evidence_root, directory) for directory in served):
        return [
            Error(
                "CASEMGR_EVIDENCE_ROOT overlaps MEDIA_ROOT or a static directory; evidence must not be servable.",
                id="evidence.E001",
            )
        ]
    return []
