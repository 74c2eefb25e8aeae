"""What events adds to the gathering pages (home, region, organisation profile), and the
event page key other modules register their sections on (the proposals collected at an
event, …)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from birgemiz.core.registry import HOME, REGION, NavItem, Section, registry
from birgemiz.events import selectors
from birgemiz.orgs.sections import ORG

#: The public page of one event; a section's ``context(request, event)``.
EVENT = "event"


def _home_events(request, subject):
    # The home page keeps its query budget: the list comes in a fragment loaded by htmx
    # (``events:home_fragment``), with a plain link for browsers without JavaScript.
    return {}


def _region_events(request, region):
    """One query; the section is left out when the region has no upcoming event (the region
    page then shows its empty state)."""
    events = selectors.upcoming_in_region(region, limit=5)
    return {"events": events, "region": region} if events else None


def _org_events(request, organisation):
    roles, attended = selectors.org_events(organisation), selectors.org_attended(organisation)
    return {"roles": roles, "attended": attended, "organisation": organisation} if roles or attended else None


registry.add_nav(NavItem(key="events", label=_("Events"), url_name="events:list", order=40))
registry.add_section(
    HOME,
    Section(key="events-upcoming", title=_("Upcoming events"), template="events/sections/home_events.html",
            context=_home_events, order=200),
)  # fmt: skip
registry.add_section(
    REGION,
    Section(key="events-region", title=_("Upcoming events in the region"),
            template="events/sections/region_events.html", context=_region_events, order=40),
)  # fmt: skip
registry.add_section(
    ORG,
    Section(key="events-org", title=_("Events"), template="events/sections/org_events.html",
            context=_org_events, order=40),
)  # fmt: skip
