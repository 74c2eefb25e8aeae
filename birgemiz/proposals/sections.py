"""What proposals add to pages they do not own: the nav item, a region's page, an
organisation's profile (proposals addressed to a state body, proposals made by an NGO) and an
event's page (proposals collected there, its panels).

The sections cost the host page no query: each renders a placeholder that htmx replaces with
the real section (``views.section``) once the page has loaded, so every page keeps its own query
budget however many modules add sections; without JavaScript a link leads to the same list.
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from birgemiz.core.registry import REGION, NavItem, Section, registry
from birgemiz.events.sections import EVENT
from birgemiz.orgs.choices import OrgKind
from birgemiz.orgs.sections import ORG
from birgemiz.proposals import selectors

TEMPLATE = "proposals/sections/proposals.html"
LAZY = "proposals/sections/lazy.html"


def region_context(request, region):
    figures = selectors.section_figures(selectors.public().filter(region=region))
    if not figures["total"]:
        return None
    return {**figures, "query": urlencode({"region": region.slug})}


def org_context(request, org):
    if org.kind == OrgKind.STATE_BODY:
        figures = selectors.section_figures(selectors.public().filter(addressee=org))
        make_url = reverse("proposals:create") + "?" + urlencode({"to": org.slug})
        return {**figures, "query": urlencode({"body": org.slug}), "make_url": make_url}
    if org.kind == OrgKind.NGO:
        figures = selectors.section_figures(selectors.public().filter(on_behalf_of=org))
        if not figures["total"]:
            return None
        return {**figures, "query": urlencode({"author_org": org.slug})}
    return None


def event_context(request, event):
    """Proposals collected at an event, its panels, and for moderators a panel per programme
    item that collects proposals."""
    from birgemiz.proposals import permissions
    from birgemiz.proposals.forms import state_bodies

    figures = selectors.section_figures(selectors.public().filter(origin_event=event))
    sessions = list(event.sessions.filter(collects_proposals=True).select_related("panel"))
    if not figures["total"] and not sessions:
        return None
    moderator = permissions.can_moderate(request.user)
    return {
        **figures,
        "query": urlencode({"event": event.pk}),
        "event": event,
        "sessions": [(s, getattr(s, "panel", None)) for s in sessions],
        "moderator": moderator,
        "bodies": list(state_bodies()) if moderator and sessions else [],
    }


#: kind → (the section as the host page registers it, the model, the real context, template)
KINDS = {
    "region": (SimpleNamespace(key="proposals-region", title=_("Proposals to state bodies")), "geo.Region",
               region_context, TEMPLATE),
    "org": (SimpleNamespace(key="proposals-org", title=_("Proposals")), "orgs.Organisation", org_context,
            TEMPLATE),
    "event": (SimpleNamespace(key="proposals-event", title=_("Proposals collected here")), "events.Event",
              event_context, "proposals/sections/event.html"),
}  # fmt: skip


def _lazy(kind: str):
    def context(request, subject):
        if kind == "region" and subject.pk not in selectors.regions_with_proposals.get():
            return None
        return {"src": reverse("proposals:section", kwargs={"kind": kind, "pk": subject.pk}), "kind": kind}

    return context


registry.add_nav(NavItem(key="proposals", label=_("Proposals"), url_name="proposals:list", order=50))
for page, kind, order in ((REGION, "region", 40), (ORG, "org", 20), (EVENT, "event", 30)):
    section = KINDS[kind][0]
    registry.add_section(
        page, Section(key=section.key, title=section.title, template=LAZY, context=_lazy(kind), order=order)
    )
