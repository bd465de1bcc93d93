"""The API fuzzed from its own OpenAPI schema (schemathesis): no 5xx, no answer that breaks the schema.

Requests go through the real WSGI application (middleware, CSRF, sessions) as the assigned officer,
signed in with the second factor, on a real case with one record of each kind; the case's id is
pinned so that the generated bodies reach the actions instead of a 404.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api.conftest import FullCase, full_case  # noqa: F401 - the case the officer works on
from tests.conftest import sign_in


def _schema() -> dict[str, Any]:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded: dict[str, Any] = json.loads(OpenApiJsonRenderer().render(generated))
    return loaded


schema = schemathesis.openapi.from_dict(_schema())
schema.app = WSGIHandler()


@pytest.fixture
def one_connection() -> Iterator[None]:
    # Django closes the database connection when a request ends; the test's transaction lives on that
    # connection, so (as Django's own test client does) the WSGI requests here leave it open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in(one_connection: None, full_case: FullCase, officer, client_for) -> dict[str, Any]:  # noqa: F811
    """Cookies and headers of an OTP-verified session of the case's officer, with a CSRF pair."""
    from django.test import Client

    client = Client()
    sign_in(client, officer)
    token = secrets.token_hex(16)
    return {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": token},
        "headers": {"X-CSRFToken": token},
        "ids": full_case.ids,
        "case_id": str(full_case.case.public_id),
    }


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_it_answers_every_generated_request_within_its_schema(case, signed_in):
    if case.path_parameters and "case_id" in case.path_parameters:
        case.path_parameters["case_id"] = signed_in["case_id"]
    case.call_and_validate(
        headers=signed_in["headers"],
        cookies=signed_in["cookies"],
        checks=[not_a_server_error, response_schema_conformance],
    )
