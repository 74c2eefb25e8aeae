"""Settings come from the environment through strict helpers: a bad value stops start-up with
a message naming the variable, and production refuses the development secret key."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from birgemiz.env import Env

ROOT = Path(__file__).resolve().parents[3]
# Every variable settings.py reads; the subprocesses start from a clean slate of these.
SETTINGS_VARIABLES = set(
    re.findall(r'env\.\w+\(\s*"([A-Z][A-Z0-9_]*)"', (ROOT / "birgemiz/settings.py").read_text())
)
PRODUCTION_KEY = secrets.token_urlsafe(64)


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter with exactly the given settings variables."""
    # The test run's own switches (pytest, the browser tests' async escape hatch) stay out.
    dropped = SETTINGS_VARIABLES | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("PYTEST")}
    environ.update({"DJANGO_SETTINGS_MODULE": "birgemiz.settings", "PYTHONPATH": str(ROOT), **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


def setup(**env: str) -> subprocess.CompletedProcess:
    return run_python("import django; django.setup()", **env)


PRODUCTION = {"DEBUG": "false", "SECRET_KEY": PRODUCTION_KEY, "HTTPS": "false"}


def test_production_settings_start():
    result = setup(**PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_development_starts_without_a_secret_key():
    result = setup(DEBUG="true")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "key", [None, "birgemiz-development-only-secret-key-do-not-use-in-production-0123456789"]
)
def test_production_refuses_the_development_key(key):
    env = {"DEBUG": "false"} if key is None else {"DEBUG": "false", "SECRET_KEY": key}
    result = setup(**env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("PORT", "eighty"),
        ("PORT", "70000"),
        ("DATABASE_URL", "mysql://db/birgemiz"),
        ("DATABASE_URL", "not a url"),
        ("REDIS_URL", "http://127.0.0.1:6379/0"),
        ("ALLOWED_HOSTS", "birgemiz.kz,,www.birgemiz.kz"),
        ("SITE_URL", "ftp://birgemiz.kz"),
        ("EMAIL_PORT", "smtp"),
        ("DEFAULT_FROM_EMAIL", "nobody"),
        ("HTTPS", "sometimes"),
        ("LOG_LEVEL", "LOUD"),
        ("SECRET_KEY", "too-short"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(variable, value):
    result = setup(**{**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1]


def test_check_deploy_is_clean_with_production_settings():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        DEBUG="false",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="birgemiz.kz",
        SITE_URL="https://birgemiz.kz",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_turns_on_secure_cookies_hsts_and_redirect():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS > 0)"
    )
    on = run_python(code, DEBUG="false", SECRET_KEY=PRODUCTION_KEY)  # HTTPS defaults to on in production
    assert on.returncode == 0, on.stderr
    assert on.stdout.split() == ["True", "True", "True", "True"]
    off = run_python(code, DEBUG="true")
    assert off.stdout.split() == ["False", "False", "False", "False"]


# --- The helpers themselves (in-process, fast) --------------------------------------------------


def test_env_bool():
    env = Env({"A": "yes", "B": "0", "C": "maybe"})
    assert env.bool("A", False) is True
    assert env.bool("B", True) is False
    assert env.bool("MISSING", True) is True
    with pytest.raises(ImproperlyConfigured, match="^C must be true or false"):
        env.bool("C", False)


def test_env_int_bounds():
    env = Env({"P": "8080", "LOW": "0", "BAD": "1.5"})
    assert env.int("P", 1, minimum=1, maximum=65535) == 8080
    assert env.int("MISSING", 7) == 7
    with pytest.raises(ImproperlyConfigured, match="^LOW must be at least 1"):
        env.int("LOW", 1, minimum=1)
    with pytest.raises(ImproperlyConfigured, match="^BAD must be a whole number"):
        env.int("BAD", 1)


def test_env_url_list_and_email():
    env = Env({"U": "postgres://u@h/db", "L": "a, b", "E": "Birgemiz <news@birgemiz.kz>", "X": "redis//x"})
    assert env.url("U", "", schemes=("postgres",)) == "postgres://u@h/db"
    assert env.url("MISSING", "", schemes=("redis",)) == ""
    with pytest.raises(ImproperlyConfigured, match="^X must be a URL starting with redis://"):
        env.url("X", "", schemes=("redis",))
    assert env.list("L", []) == ["a", "b"]
    assert env.email("E", "") == "Birgemiz <news@birgemiz.kz>"


def test_every_variable_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    assert {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL", "PORT"} <= SETTINGS_VARIABLES
    missing = sorted(name for name in SETTINGS_VARIABLES if f"`{name}`" not in readme)
    assert not missing, f"README.md's configuration table lacks {missing}"
