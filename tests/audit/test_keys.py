"""Production refuses to start without a real audit key; a malformed one is named, never printed."""

from __future__ import annotations

import pytest

from audit.keys import LOCAL_DEMO_KEY, TEST_KEY
from tests.infra.test_compose import compose_web_environment, manage


@pytest.mark.parametrize(
    ("key", "refusal"),
    [
        ("", "production needs CASEMGR_AUDIT_KEY"),
        (LOCAL_DEMO_KEY, "CASEMGR_AUDIT_KEY is a published development key"),
        (TEST_KEY, "CASEMGR_AUDIT_KEY is a published development key"),
        ("c2hvcnQ=", "CASEMGR_AUDIT_KEY must decode to at least 32 bytes, not 5"),
        ("not base64!", "CASEMGR_AUDIT_KEY is not valid base64"),
    ],
)
def test_production_refuses_a_missing_published_or_malformed_audit_key(key, refusal):
    result = manage(["check"], {**compose_web_environment(), "CASEMGR_AUDIT_KEY": key})
    assert result.returncode != 0
    assert refusal in result.stderr
    if key:
        assert key not in result.stderr
