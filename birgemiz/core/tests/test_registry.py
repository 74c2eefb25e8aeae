import pytest
from django.test import RequestFactory

from birgemiz.core.registry import Registry, Section


def _section(key, order=100, context=None):
    context = context or (lambda r, s: {"k": key})
    return Section(key=key, title=key, template="x.html", context=context, order=order)


def test_sections_are_ordered_and_empty_ones_left_out():
    registry = Registry()
    registry.add_section("region", _section("b", order=20))
    registry.add_section("region", _section("a", order=10))
    registry.add_section("region", _section("hidden", order=5, context=lambda r, s: None))
    rendered = registry.render("region", RequestFactory().get("/"), subject=None)
    assert [r.key for r in rendered] == ["a", "b"]
    assert rendered[0].context == {"k": "a"}


def test_a_page_without_sections_renders_nothing():
    assert Registry().render("org", RequestFactory().get("/")) == []


def test_two_modules_cannot_take_the_same_key():
    registry = Registry()
    registry.add_section("home", _section("polls"))
    with pytest.raises(ValueError, match="already registered"):
        registry.add_section("home", _section("polls", order=1))
