"""What proposals add to pages they do not own: the nav item, a region's page, an
organisation's profile (proposals addressed to a state body, proposals made by an NGO)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from birgemiz.core.registry import HOME, REGION, NavItem, Section, registry
from birgemiz.events.sections import EVENT
from birgemiz.orgs.choices import OrgKind
from birgemiz.orgs.sections import ORG
from birgemiz.proposals import selectors

TEMPLATE = "proposals/sections/proposals.html"


def _region(request, region):
    figures = selectors.section_figures(selectors.public().filter(region=region))
    if not figures["total"]:
        return None
    return {**figures, "query": urlencode({"region": region.slug})}


def _org(request, org):
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


def _event(request, event):
    """Proposals collected at an event, its panels, and for moderators a panel per programme
    item that collects proposals."""
    from birgemiz.proposals import permissions

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
        "bodies": list(forms_state_bodies()) if moderator and sessions else [],
    }


def forms_state_bodies():
    from birgemiz.proposals.forms import state_bodies

    return state_bodies()


def _home(request, subject):
    figures = selectors.section_figures(selectors.public())
    if not figures["total"]:
        return None
    return {**figures, "query": ""}


registry.add_nav(NavItem(key="proposals", label=_("Proposals"), url_name="proposals:list", order=50))
registry.add_section(
    HOME,
    Section(key="proposals-home", title=_("Proposals to state bodies"), template=TEMPLATE, context=_home,
            order=400),
)  # fmt: skip
registry.add_section(
    REGION,
    Section(key="proposals-region", title=_("Proposals to state bodies"), template=TEMPLATE, context=_region,
            order=40),
)  # fmt: skip
registry.add_section(
    ORG,
    Section(key="proposals-org", title=_("Proposals"), template=TEMPLATE, context=_org, order=20),
)  # fmt: skip
registry.add_section(
    EVENT,
    Section(key="proposals-event", title=_("Proposals collected here"),
            template="proposals/sections/event.html", context=_event, order=30),
)  # fmt: skip
