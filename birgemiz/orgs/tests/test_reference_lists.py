"""The process-local lists of state bodies and spheres behind every chooser and filter: read
without a query once loaded, and never stale after a change."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from birgemiz.orgs import selectors
from birgemiz.orgs.models import Sphere
from birgemiz.orgs.tests.factories import StateBodyFactory
from birgemiz.proposals.forms import FilterForm


def _slugs():
    return [o.slug for o in selectors.state_body_options()]


def test_state_bodies_are_read_once_then_follow_every_change(db):
    first = StateBodyFactory(name_ru="Акимат Павлодарской области", slug="pavlodar-oblast-akimat")
    assert _slugs() == ["pavlodar-oblast-akimat"]
    with CaptureQueriesContext(connection) as queries:
        assert _slugs() == ["pavlodar-oblast-akimat"]
    assert len(queries) == 0

    StateBodyFactory(name_ru="Акимат Карагандинской области", slug="karaganda-akimat")
    assert _slugs() == ["karaganda-akimat", "pavlodar-oblast-akimat"]  # by Russian name

    first.short_name_ru = "Акимат области"
    first.save()
    assert [o.short_name for o in selectors.state_body_options() if o.slug == first.slug] == [
        "Акимат области"
    ]
    first.delete()
    assert _slugs() == ["karaganda-akimat"]


def test_spheres_follow_changes(db):
    before = len(selectors.spheres())
    Sphere.objects.create(code="test-sphere", position=99)
    assert len(selectors.spheres()) == before + 1


def test_filter_select_keeps_the_chosen_state_body_and_escapes_names(db):
    StateBodyFactory(name_ru="Управление <внутренней> политики", slug="uvp")
    form = FilterForm({"body": "uvp"})
    html = str(form["body"])
    assert '<option value="uvp" selected>Управление &lt;внутренней&gt; политики</option>' in html
    assert '<option value="" >' not in html and '<option value="">' in html
    assert form.is_valid() and form.filters().body == "uvp"
