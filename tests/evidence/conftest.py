"""Evidence tests: each test gets its own evidence directory, and pictures made on the spot."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from accounts.models import Team, User
from accounts.roles import StaffRole
from accounts.services import do_create_staff
from cases.actions.case import AllegationInput, do_assign_officer, do_create_case
from cases.actions.parties import do_add_party
from cases.models import Case, PartyRole
from tests.conftest import hkt

AT = hkt(2025, 3, 20, 10, 0)


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path: Path) -> Path:
    root = tmp_path / "evidence"
    settings.CASEMGR_EVIDENCE_ROOT = root
    return root


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def photo(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A busy, photo-like picture (shapes and grain) that PDQ hashes with full quality."""
    rng = np.random.default_rng(seed)
    width, height = size
    image = Image.new("RGB", size, tuple(int(x) for x in rng.integers(0, 255, 3)))
    draw = ImageDraw.Draw(image)
    for _ in range(30):
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        x1, y1 = x0 + int(rng.integers(20, 250)), y0 + int(rng.integers(20, 250))
        draw.ellipse([x0, y0, x1, y1], fill=tuple(int(x) for x in rng.integers(0, 255, 3)))
    grain = np.asarray(image).astype(np.int16) + rng.integers(-10, 10, (height, width, 3))
    return Image.fromarray(np.clip(grain, 0, 255).astype(np.uint8))


def encode(image: Image.Image, format: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=format, **options)
    return out.getvalue()


@pytest.fixture
def png_bytes() -> bytes:
    return encode(photo(1), "PNG")


@pytest.fixture
def other_team() -> Team:
    return Team.objects.create(name="Faculty of Law conduct team")


@pytest.fixture
def other_supervisor(other_team: Team) -> User:
    return do_create_staff(
        username="supervisor.kwok",
        email="kwok@uni.example",
        name="Kwok",
        role=StaffRole.CASE_SUPERVISOR,
        team=other_team,
    )


@pytest.fixture
def other_case(other_team: Team, other_officer: User, other_complainant: User, respondent: User) -> Case:
    """A second complaint about the same respondent, handled by another team."""
    at = hkt(2025, 3, 18, 9, 0)
    created = do_create_case(
        reference="LAW-2025-0042",
        received_at=at,
        summary="Classmate reports altered photos shared in a group chat.",
        allegations=[AllegationInput(conduct="distribution", synthetic=True)],
        acting_user=other_officer,
        at=at,
        team=other_team,
    )
    do_assign_officer(created, officer=other_officer, acting_user=None, at=at)
    do_add_party(created, person=other_complainant, role=PartyRole.COMPLAINANT, acting_user=other_officer, at=at)
    do_add_party(created, person=respondent, role=PartyRole.RESPONDENT, acting_user=other_officer, at=at)
    return created
