"""`scripts/run --check` brings the whole system up on a fresh, server-less configuration and stops it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# A guard against a hang, not a timing: the whole run (bootstrap check, migrations, static files, demo
# data, three services) takes well under a minute on a quiet machine.
TIME_LIMIT_SECONDS = 240


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.slow
def test_it_comes_up_on_sqlite_and_the_filesystem_broker_and_stops(tmp_path: Path) -> None:
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "CASEMGR_RUN_CHECK"}
    }
    env.update({"CASEMGR_VAR_DIR": str(tmp_path), "PORT": str(port)})
    # Its own session, so that whatever happens every process it started can be stopped from here.
    process = subprocess.Popen(
        ["scripts/run", "--check"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=TIME_LIMIT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        pytest.fail(f"scripts/run --check took longer than {TIME_LIMIT_SECONDS}s:\n{output[-4000:]}")
    assert process.returncode == 0, output[-4000:]
    assert "run check: web answers /accounts/login/ with 200" in output
    assert "run check: a task went through the broker to the worker" in output
    assert "run check: passed" in output
    assert "officer.chan" in output
    assert "casemgr-demo-2025" in output
    assert (tmp_path / "casemgr.sqlite3").is_file()
    assert (tmp_path / "broker" / "queue").is_dir()
    assert not port_answers(port), "the web server is still running after the check"
