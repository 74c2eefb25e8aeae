"""What polls adds to the home page and region pages: open polls, the first as a widget."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from birgemiz.core.registry import HOME, REGION, NavItem, Section, registry
from birgemiz.polls import selectors


def _home_polls(request, subject):
    polls = selectors.open_polls(limit=3)
    return {"polls": polls} if polls else None


def _region_polls(request, region):
    polls = selectors.open_polls(region=region, limit=3)
    return {"polls": polls, "region": region} if polls else None


registry.add_nav(NavItem(key="polls", label=_("Polls"), url_name="polls:list", order=60))
registry.add_section(
    HOME,
    Section(key="polls-open", title=_("Open polls"), template="polls/sections/open_polls.html",
            context=_home_polls, order=250),
)  # fmt: skip
registry.add_section(
    REGION,
    Section(key="polls-region", title=_("Polls of the region"), template="polls/sections/open_polls.html",
            context=_region_polls, order=60),
)  # fmt: skip
