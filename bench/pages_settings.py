"""The project's settings with the bench-only urlconf (pages_urls: the project's URLs plus /bench/bare/)."""

from procuracy.settings import *  # noqa: F403

ROOT_URLCONF = "pages_urls"
