"""``manage.py demo``: load the demo content of every module, idempotently.

Each app registers a loader in its ``AppConfig.ready()`` (``registry.add_demo_loader``); this
command runs them in their declared order, each in its own transaction, and prints how many
rows each table holds afterwards. Running it twice changes nothing the second time. Passwords
of the demo users are printed only when DEBUG is on (``make run`` is a local demo).
"""

from __future__ import annotations

import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from birgemiz.core.registry import registry

# Bookkeeping tables that say nothing about the demo content.
_SKIP_APPS = {"sessions", "admin", "axes", "django_tasks_database", "django_tasks_db", "contenttypes"}
_SKIP_MODELS = {"auth.Permission"}


def table_counts() -> dict[str, int]:
    """Rows per model (``app_label.Model``) of the content tables, non-empty ones only."""
    counts = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in _SKIP_APPS or meta.label in _SKIP_MODELS or meta.proxy or not meta.managed:
            continue
        count = model._default_manager.count()
        if count:
            counts[meta.label] = count
    return counts


class Command(BaseCommand):
    help = "Load the demo content of every module (idempotent); passwords are printed only when DEBUG is on."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", default=None, help="Run only these loaders (by key).")

    def handle(self, *args, only=None, **options):
        loaders = registry.demo_loaders_in_order()
        if only:
            unknown = set(only) - {key for key, _ in loaders}
            if unknown:
                self.stderr.write(f"Unknown demo loaders: {', '.join(sorted(unknown))}")
                raise SystemExit(2)
            loaders = [(key, loader) for key, loader in loaders if key in only]
        show_passwords = bool(settings.DEBUG)
        for key, loader in loaders:
            started = time.perf_counter()
            self.stdout.write(f"demo: {key} ...")
            with transaction.atomic():
                loader(stdout=self.stdout, show_passwords=show_passwords)
            self.stdout.write(f"demo: {key} done in {time.perf_counter() - started:.2f}s")
        if not show_passwords:
            self.stdout.write("demo: passwords are not printed (DEBUG is off).")
        self.stdout.write(self.style.SUCCESS(f"demo: {len(loaders)} loader(s) run; rows per table:"))
        for label, count in sorted(table_counts().items()):
            self.stdout.write(f"  {label:<40} {count:>8}")
