"""Settings for benchmark runs: the production settings plus the floor endpoint's URL."""

from birgemiz.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
