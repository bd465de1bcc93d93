"""The embedded, run-anywhere configuration used by `scripts/run` (demo data, no servers needed)."""

from casemgr.settings.base import *  # noqa: F403
from casemgr.settings.base import SECRET_KEY as _SECRET_KEY

DEBUG = False
SECRET_KEY = _SECRET_KEY or "local-only-insecure-key-do-not-deploy-0123456789abcdefghij"
