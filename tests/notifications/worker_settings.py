"""Settings for the Celery worker subprocess of the worker tests: the test database pytest created
and a file-recording mail backend."""

import os

from casemgr.settings.test import *  # noqa: F403
from casemgr.settings.test import DATABASES

DATABASES["default"]["NAME"] = os.environ["CASEMGR_WORKER_DB_NAME"]
EMAIL_BACKEND = "tests.notifications.backends.RecordingFileBackend"
