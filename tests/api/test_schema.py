"""The OpenAPI schema generates without a single warning and is served at /api/v1/schema/."""

from __future__ import annotations

import yaml
from django.core.management import call_command


def test_it_generates_the_schema_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    paths = schema["paths"]
    assert "/api/v1/cases/{case_id}/outcomes/" in paths
    assert "/api/v1/cases/{case_id}/measures/{id}/lift/" in paths
    assert paths["/api/v1/cases/{case_id}/"]["get"]["parameters"][0]["schema"]["format"] == "uuid"
    stage_move = schema["components"]["schemas"]["StageChangeInput"]["properties"]["to"]
    assert stage_move == {"$ref": "#/components/schemas/StageEnum"}


def test_it_serves_the_schema_to_signed_in_users_only(api_for, officer):
    assert api_for(officer).get("/api/v1/schema/").status_code == 200
    assert api_for(None).get("/api/v1/schema/").status_code in (401, 403)
