"""What orgs adds to the pages that gather every module, and the organisation profile page key
other modules register their sections on (an organisation's events, proposals, projects…)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from birgemiz.core.registry import HOME, REGION, NavItem, Section, registry
from birgemiz.orgs import selectors
from birgemiz.orgs.choices import OrgKind

#: The page of one organisation; a section's ``context(request, organisation)``.
ORG = "org"


def _home_figures(request, subject):
    registered, active = selectors.ngo_totals()
    if not registered:
        return None
    return {"registered": registered, "active": active}


def _region_orgs(request, region):
    registered, active = selectors.ngo_totals(region)
    newest = list(
        selectors.org_list(selectors.OrgFilters(region=region.slug, kind=OrgKind.NGO, sort="-added"))[:5]
    )
    if not registered and not newest:
        return None
    return {"registered": registered, "active": active, "region": region, "newest": newest}


registry.add_nav(NavItem(key="orgs", label=_("NGOs"), url_name="orgs:list", order=30))
registry.add_section(
    HOME,
    Section(key="orgs-figures", title=_("NGOs in figures"), template="orgs/sections/home_figures.html",
            context=_home_figures, order=300),
)  # fmt: skip
registry.add_section(
    REGION,
    Section(
        key="orgs-region",
        title=_("Non-governmental organisations"),
        template="orgs/sections/region_orgs.html",
        context=_region_orgs,
        order=30,
    ),
)
