"""Make sure PostgreSQL and Redis are reachable for the tests; start them where this machine can,
otherwise stop with the exact commands that would."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess  # nosec B404  # starts the local PostgreSQL and Redis with fixed commands
import sys
import time
from urllib.parse import urlparse

PG_START = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
REDIS_START = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _ensure(name: str, host: str, port: int, start_command: str, can_start: bool) -> None:
    if _reachable(host, port):
        return
    if can_start and host in {"127.0.0.1", "localhost"}:
        print(f"{name} is not running on {host}:{port}; starting it: {start_command}")
        subprocess.run(start_command, shell=True, check=False)  # noqa: S602 - fixed command, documented  # nosec B602
        for _ in range(30):
            if _reachable(host, port):
                return
            time.sleep(0.5)
    sys.exit(
        f"{name} is not reachable on {host}:{port}. Start it with:\n    {start_command}\n"
        "or point the tests at another server with TEST_DATABASE_URL / TEST_REDIS_URL."
    )


def ensure() -> None:
    db = urlparse(os.environ["DATABASE_URL"])
    redis = urlparse(os.environ["REDIS_URL"])
    _ensure("PostgreSQL", db.hostname or "127.0.0.1", db.port or 5432, PG_START, bool(shutil.which("pg_ctlcluster")))
    _ensure("Redis", redis.hostname or "127.0.0.1", redis.port or 6379, REDIS_START, bool(shutil.which("redis-server")))


if __name__ == "__main__":
    ensure()
