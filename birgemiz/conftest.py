"""Test set-up shared by every app: fast, isolated settings and a real Chromium for browser tests."""

from __future__ import annotations

import os
import shutil

import pytest

# Live-server browser tests drive a sync Playwright from the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import cache, caches

    cache.clear()
    caches["stamps"].clear()
    yield
    cache.clear()
    caches["stamps"].clear()


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests (threads, live server) end with a flush, which empties the reference
    tables the data migrations filled; the next such test gets them back."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from birgemiz.geo.loaders import load_regions
    from birgemiz.orgs.loaders import load_reference_data

    region, city = apps.get_model("geo", "Region"), apps.get_model("geo", "City")
    if not region.objects.exists():
        load_regions(region, city)
    legal_form, sphere = apps.get_model("orgs", "LegalForm"), apps.get_model("orgs", "Sphere")
    if not legal_form.objects.exists() or not sphere.objects.exists():
        load_reference_data(legal_form, sphere)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def new_page(browser, browser_context_args):
    """Open pages in contexts of their own (another person, another screen) that close when the
    test ends: a page left open keeps polling the session-wide live server (the proposals wall
    does every 2 s) and its reads lock SQLite's shared in-memory database for the next test."""
    contexts = []

    def open_page(*, java_script_enabled=True, **page_args):
        context = browser.new_context(
            **{**browser_context_args, "java_script_enabled": java_script_enabled, **page_args}
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ru-RU", "timezone_id": "Asia/Almaty"}


from birgemiz.core.testing import *  # noqa: E402, F403  named users and factories for every app
