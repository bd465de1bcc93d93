"""A database connection dropped under the web application costs no request (issue 9, item 2).

Django keeps a connection between requests (CONN_MAX_AGE) and, with CONN_HEALTH_CHECKS, checks it at
the start of the next request. The test client cannot show this: it disconnects the very signal
handler that does the check (close_old_connections) around each request. So the requests here go
through the WSGI application itself, as gunicorn calls it, with the real connection settings, and
the server really ends the connection (pg_terminate_backend) between them.
"""

from __future__ import annotations

import io
from typing import Any
from wsgiref.util import setup_testing_defaults

import psycopg
import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client

from accounts.models import User
from tests.conftest import sign_in


def _get(application: WSGIHandler, path: str, cookie: str) -> int:
    environ: dict[str, object] = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_COOKIE": cookie}
    setup_testing_defaults(environ)
    environ["wsgi.errors"] = io.StringIO()  # Django logs the 500's traceback; keep it out of the output
    statuses: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        statuses.append(status)
        return lambda data: None

    b"".join(application(environ, start_response))
    return int(statuses[0].split()[0])


def _terminate(backend_pid: int) -> None:
    """End the backend from another connection, as a database restart or an operator would, and wait
    until it is gone (PostgreSQL 14+: the timeout argument)."""
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        ended = other.execute("SELECT pg_terminate_backend(%s, 5000)", [backend_pid]).fetchone()
    assert ended == (True,)


def test_the_settings_keep_connections_and_check_them() -> None:
    database = settings.DATABASES["default"]
    assert (database["CONN_MAX_AGE"] or 0) > 0
    assert database["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_answers_every_request_after_the_server_drops_the_connection(officer: User) -> None:
    browser = Client()
    sign_in(browser, officer)
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
    application = WSGIHandler()

    assert _get(application, "/cases/", cookie) == 200
    # The connection outlived the request (CONN_MAX_AGE): this is the one the next request would reuse.
    assert connection.connection is not None
    dropped = connection.connection.info.backend_pid
    _terminate(dropped)

    statuses = [_get(application, "/cases/", cookie) for _ in range(8)]

    assert statuses == [200] * 8
    assert connection.connection is not None
    assert connection.connection.info.backend_pid != dropped
