"""docker-compose.yml sets only variables the settings read, sets every one production needs, and wires
the services with health checks. Docker cannot run here, so the file is checked as data and the
production settings are loaded with the environment it would give the containers."""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("migrate", "web", "worker", "beat")
LONG_RUNNING = ("web", "worker", "beat", "postgres", "redis", "proxy")
# What casemgr.settings.production refuses to start without, and what a deployment must name itself.
REQUIRED_IN_PRODUCTION = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "CASEMGR_SITE_URL",
    "EMAIL_HOST",
    "DEFAULT_FROM_EMAIL",
    "CASEMGR_EVIDENCE_KEYS",
    "CASEMGR_AUDIT_KEY",
}
_READ = re.compile(
    r"""(?:env_(?:str|bool|int|list)\(\s*|os\.environ(?:\.get|\.setdefault)?[\[(]\s*)["']([A-Z][A-Z0-9_]*)["']"""
)
_INTERPOLATION = re.compile(r"\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}")


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return loaded


def names_read_by_the_project() -> set[str]:
    """Every environment variable name read through casemgr.env or os.environ in the project's code."""
    names = set()
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).parts
        if relative[0] in {".venv", "tests", "var", "bench"}:
            continue
        names.update(_READ.findall(path.read_text()))
    return names


def env_example() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error}, as `docker compose` resolves them from .env."""

    def resolve(match: re.Match[str]) -> str:
        name, kind, rest = match.group(1), match.group(2), match.group(3)
        if env.get(name):
            return env[name]
        if kind == "?":
            raise AssertionError(f"{name} is required: {rest}")
        return rest or ""

    return _INTERPOLATION.sub(resolve, value)


def test_it_defines_every_service_with_a_health_check() -> None:
    services = compose()["services"]
    assert set(LONG_RUNNING) | set(APP_SERVICES) <= set(services)
    for name in LONG_RUNNING:
        assert services[name]["healthcheck"]["test"], name
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["postgres"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    assert "ping" in services["redis"]["healthcheck"]["test"]


def test_it_starts_the_app_only_after_healthy_servers_and_the_migration() -> None:
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"
    for name in APP_SERVICES:
        assert services[name]["build"] == "."
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "casemgr", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "casemgr", "beat"]


def test_it_sets_only_variables_the_settings_read() -> None:
    read = names_read_by_the_project()
    for name in APP_SERVICES:
        environment = compose()["services"][name]["environment"]
        unknown = set(environment) - read
        assert not unknown, f"{name} sets variables nothing reads: {sorted(unknown)}"


def test_it_sets_every_variable_production_needs() -> None:
    for name in APP_SERVICES:
        environment = compose()["services"][name]["environment"]
        assert set(environment) >= REQUIRED_IN_PRODUCTION, name
        assert environment["DJANGO_SETTINGS_MODULE"] == "casemgr.settings.production"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://")


def test_it_loads_the_production_settings_with_the_compose_environment() -> None:
    example = env_example()
    # The secrets are blank in .env.example on purpose; an operator fills them in.
    assert example["DJANGO_SECRET_KEY"] == ""
    assert example["POSTGRES_PASSWORD"] == ""
    assert example["CASEMGR_EVIDENCE_KEYS"] == ""
    assert example["POSTGRES_APP_PASSWORD"] == ""
    assert example["CASEMGR_AUDIT_KEY"] == ""
    result = manage(["check", "--deploy", "--fail-level", "WARNING"], compose_web_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def compose_web_environment() -> dict[str, str]:
    """The web container's environment, with the secrets an operator would put in .env."""
    evidence_key = base64.b64encode(secrets.token_bytes(32)).decode()
    dotenv = {
        **env_example(),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "POSTGRES_PASSWORD": secrets.token_hex(12),
        "CASEMGR_EVIDENCE_KEYS": f"k1:{evidence_key}",
        "POSTGRES_APP_PASSWORD": secrets.token_hex(12),
        "CASEMGR_AUDIT_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    return {
        name: interpolate(str(value), dotenv) for name, value in compose()["services"]["web"]["environment"].items()
    }


def test_it_runs_production_with_secure_cookies_hsts_csp_and_no_debug_pages() -> None:
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'debug': s.DEBUG, 'hsts': s.SECURE_HSTS_SECONDS, 'ssl': s.SECURE_SSL_REDIRECT, "
        "'session': s.SESSION_COOKIE_SECURE, 'csrf': s.CSRF_COOKIE_SECURE, 'middleware': s.MIDDLEWARE, "
        "'csp': s.CONTENT_SECURITY_POLICY['DIRECTIVES'], 'forwarded': s.CASEMGR_TRUST_X_FORWARDED_FOR, "
        "'body': s.DATA_UPLOAD_MAX_MEMORY_SIZE, 'evidence': s.CASEMGR_EVIDENCE_MAX_BYTES}))"
    )
    result = manage(["shell", "-c", script], compose_web_environment())
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["debug"] is False
    assert loaded["hsts"] >= 31536000
    assert loaded["ssl"]
    assert loaded["session"]
    assert loaded["csrf"]
    assert "csp.middleware.CSPMiddleware" in loaded["middleware"]
    assert "accounts.middleware.RequireSecondFactorMiddleware" in loaded["middleware"]
    assert loaded["csp"]["script-src"] == ["'self'"]
    assert loaded["csp"]["frame-ancestors"] == ["'none'"]
    assert loaded["forwarded"] is True
    assert loaded["body"] <= 2_621_440
    assert nginx_body_limit() > loaded["evidence"]


def nginx_body_limit() -> int:
    """client_max_body_size of deploy/nginx.conf, in bytes."""
    found = re.search(r"^client_max_body_size (\d+)([km]?);", (ROOT / "deploy" / "nginx.conf").read_text(), re.M)
    assert found, "deploy/nginx.conf sets no client_max_body_size"
    return int(found.group(1)) * {"": 1, "k": 1024, "m": 1024 * 1024}[found.group(2)]


def test_it_puts_nginx_in_front_of_the_web_with_the_upload_limit() -> None:
    services = compose()["services"]
    assert "ports" not in services["web"], "only nginx is published"
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    assert any(volume.startswith("./deploy/nginx.conf:") for volume in proxy["volumes"])
    assert {port.rsplit(":", 1)[1] for port in proxy["ports"]} == {"80", "443"}
    # Limit evidence files (25 MiB by default) and a margin for the form, not much more.
    assert 25 * 1024 * 1024 < nginx_body_limit() <= 32 * 1024 * 1024
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "proxy_pass http://casemgr_web;" in conf
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "return 301 https://$host$request_uri;" in conf
    # Django sends HSTS and the other security headers; nginx adds none, so they are set in one place.
    assert "add_header" not in conf


def test_it_limits_requests_in_gunicorn_alike_in_compose_and_the_dockerfile() -> None:
    web = compose()["services"]["web"]["command"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    found = re.search(r"^CMD (\[.*?\])$", dockerfile, re.M | re.S)
    assert found, "the Dockerfile has no CMD"
    cmd = json.loads(found.group(1).replace("\\\n", ""))
    assert cmd == web
    for flag, value in (("--limit-request-line", "8190"), ("--limit-request-fields", "100"), ("--timeout", "60")):
        assert web[web.index(flag) + 1] == value


def test_it_builds_the_static_files_with_the_build_only_values_of_the_dockerfile() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    build_env = dict(
        re.findall(
            r"\b(DJANGO_SECRET_KEY|DATABASE_URL|REDIS_URL|CASEMGR_EVIDENCE_KEYS|CASEMGR_AUDIT_KEY)=(\S+)", dockerfile
        )
    )
    assert set(build_env) == {
        "DJANGO_SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "CASEMGR_EVIDENCE_KEYS",
        "CASEMGR_AUDIT_KEY",
    }
    environment = {**build_env, "DJANGO_SETTINGS_MODULE": "casemgr.settings.production"}
    result = manage(["check"], environment)
    assert result.returncode == 0, result.stdout + result.stderr


def manage(arguments: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """manage.py in a clean environment: only what the container would have, plus PATH."""
    base = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={**base, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_runs_the_application_under_a_role_that_does_not_own_the_tables() -> None:
    services = compose()["services"]
    dotenv = {**env_example(), "POSTGRES_PASSWORD": "owner-pw", "POSTGRES_APP_PASSWORD": "app-pw"}

    def user_of(service: str) -> str:
        url = interpolate(str(services[service]["environment"]["DATABASE_URL"]), dotenv)
        return url.split("://", 1)[1].split(":", 1)[0]

    owner = services["postgres"]["environment"]["POSTGRES_USER"]
    assert user_of("migrate") == owner  # only the migration creates and alters tables
    for name in ("web", "worker", "beat"):
        assert user_of(name) == "casemgr_app", name
    # The postgres image creates that role when it initialises the database, with the shipped grants.
    volumes = services["postgres"]["volumes"]
    assert "./deploy/postgres/init-app-role.sh:/docker-entrypoint-initdb.d/10-app-role.sh:ro" in volumes
    assert "./deploy/postgres/app-role.sql:/etc/casemgr/app-role.sql:ro" in volumes
    assert "POSTGRES_APP_PASSWORD" in services["postgres"]["environment"]
    init = (ROOT / "deploy" / "postgres" / "init-app-role.sh").read_text()
    assert "--set=app_role=casemgr_app" in init
    assert "/etc/casemgr/app-role.sql" in init
    # Audit checkpoints are kept outside the database, on a volume of their own.
    assert "audit-checkpoints:/app/var/audit" in services["worker"]["volumes"]


def test_it_refuses_to_start_without_a_required_secret() -> None:
    dotenv = {**env_example(), "POSTGRES_PASSWORD": "0123abcd"}
    secret = compose()["services"]["web"]["environment"]["DJANGO_SECRET_KEY"]
    with pytest.raises(AssertionError, match="DJANGO_SECRET_KEY is required"):
        interpolate(secret, dotenv)


def test_it_builds_a_slim_image_that_runs_as_a_non_root_user() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in dockerfile
    assert "pip install -r requirements.txt" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, flags=re.MULTILINE)
    assert users
    assert users[-1] not in {"root", "0"}
