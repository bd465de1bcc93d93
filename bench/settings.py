"""The production settings, plus one URL for the scale bench (bench.scale_bench): the minimal
logged-in view every page is compared with, served through the same middleware."""

from casemgr.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
