"""Template helpers every app uses (loaded as a builtin)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from birgemiz.core import dates

register = template.Library()


@register.filter
def day(value):
    """«20 декабря» in the page's language."""
    return dates.format_day(value) if value else ""


@register.filter
def human_day(value):
    """«Сегодня», «Вчера», then «20 декабря»."""
    return dates.human_day(value) if value else ""


@register.filter
def human_datetime(value):
    return dates.human_datetime(value) if value else ""


@register.simple_tag(takes_context=True)
def url_in_language(context, lang_code: str) -> str:
    """The current page's URL in another language (for the language switcher)."""
    request = context["request"]
    url = translate_url(request.get_full_path(), lang_code)
    if url == request.get_full_path() and lang_code != translation.get_language():
        return f"/{lang_code}/"
    return url


@register.simple_tag(takes_context=True)
def render_section(context, rendered):
    """Render a registered section with its own context on top of the page's."""
    tpl = context.template.engine.get_template(rendered.template)
    with context.push(section=rendered.section, **rendered.context):
        return tpl.render(context)


@register.simple_tag(takes_context=True)
def nav_current(context, url_name: str) -> str:
    """The ``aria-current`` value for a navigation link to ``url_name``.

    "page" on that very page, "true" anywhere else in the same app (a region page is within
    "Regions"), "" otherwise. The home page is only ever current on itself.
    """
    match = getattr(context.get("request"), "resolver_match", None)
    if match is None:
        return ""
    if match.view_name == url_name:
        return "page"
    namespace = url_name.rpartition(":")[0]
    if namespace and namespace != "core" and match.namespace == namespace:
        return "true"
    return ""


@register.simple_tag
def languages() -> list[tuple[str, str]]:
    """``(code, name)`` with each name in its own language («Қазақша», not a translation)."""
    return list(settings.LANGUAGES)


@register.filter
def weekday(value):
    return dates.weekday(value) if value else ""


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with ``changes`` applied (pagination links keep the filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def urlencode_dict(value: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(value)
