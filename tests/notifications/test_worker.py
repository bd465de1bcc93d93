"""The flag -> email path through a real Celery worker against the real Redis (REDIS_URL)."""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from accommodations.models import Measure
from accounts.models import User
from casemgr.celery import app
from notifications.models import Notification
from oversight.models import Flag
from oversight.sweep import sweep
from tests.conftest import hkt

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(settings.BASE_DIR)
WAIT_SECONDS = 25


class Worker:
    def __init__(self, mail_dir: Path, log: Path, **extra_env: str) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
            "CASEMGR_WORKER_DB_NAME": str(connection.settings_dict["NAME"]),
            "CASEMGR_TEST_MAIL_DIR": str(mail_dir),
            "CASEMGR_NOTIFICATION_LEASE_SECONDS": "2",
            "PYTHONPATH": str(ROOT),
            **extra_env,
        }
        command = [sys.executable, "-m", "celery", "-A", "casemgr", "worker", "--pool=solo", "--loglevel=WARNING"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"test-{os.getpid()}@%h"]
        self.log = log.open("ab")
        # A session of its own, so that the test can kill the worker and everything it started.
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=self.log, start_new_session=True
        )

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    app.control.purge()
    started: list[Worker] = []

    def start(**extra_env: str) -> Worker:
        worker = Worker(tmp_path, tmp_path / "worker.log", **extra_env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    app.control.purge()


def wait_until(condition: Callable[[], bool], *, every: Callable[[], object] | None = None) -> None:
    """Poll a real subprocess's effect on the database (never a fixed sleep standing in for a result)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if every is not None:
            every()
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError("the worker did not get there in time")


def delivered(mail_dir: Path) -> Counter[str]:
    """How many times each Message-ID was delivered."""
    return Counter(email.message_from_bytes(path.read_bytes())["Message-ID"] for path in mail_dir.glob("*.eml"))


def test_it_turns_an_overdue_step_into_email_through_the_worker(
    separation: Measure, officer: User, tmp_path: Path, workers: Callable[..., Worker]
) -> None:
    workers()

    app.send_task("oversight.sweep")
    app.send_task("notifications.send_pending")
    wait_until(lambda: Notification.objects.exists() and not Notification.objects.filter(sent_at__isnull=True).exists())

    rows = list(Notification.objects.all())
    assert Flag.objects.filter(closed_at__isnull=True).exists()
    assert delivered(tmp_path) == Counter({row.message_id: 1 for row in rows})
    officer_mail = [email.message_from_bytes(p.read_bytes()) for p in tmp_path.glob("*.eml")]
    assert any(m["To"] == officer.email and "IBSA-2025-0007" in m["Subject"] for m in officer_mail)


def test_it_sends_every_message_exactly_once_when_the_worker_is_killed_mid_send(
    separation: Measure, supervisor: User, reviewer: User, tmp_path: Path, workers: Callable[..., Worker]
) -> None:
    sweep(hkt(2025, 4, 9, 9))  # level 3 at once: officers, supervisors, governance and the complainant
    rows = list(Notification.objects.all())
    assert len(rows) >= 6

    first = workers(CASEMGR_TEST_BLOCK_AT="3")
    app.send_task("notifications.send_pending")
    wait_until(lambda: (tmp_path / "blocked").exists())
    first.kill()  # SIGKILL while the third message is being sent
    assert len(delivered(tmp_path)) == 2
    assert Notification.objects.filter(sent_at__isnull=False).count() == 2

    workers()
    wait_until(
        lambda: not Notification.objects.filter(sent_at__isnull=True).exists(),
        every=lambda: app.send_task("notifications.send_pending"),
    )

    assert delivered(tmp_path) == Counter({row.message_id: 1 for row in rows})
    # The message being sent when the worker died was claimed twice: once by each worker.
    assert sorted(Notification.objects.values_list("attempts", flat=True)) == [1] * (len(rows) - 1) + [2]
