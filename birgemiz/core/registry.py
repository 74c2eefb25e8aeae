"""The module registry: how apps plug into pages they do not own.

Pages that gather every module (the home page, a region's page, later an organisation's
profile, search, open-data exports) ask this registry for what each app registered in its
``AppConfig.ready()``. The core never imports a domain app; adding a module touches no other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise

SectionContext = Callable[[HttpRequest, Any], dict[str, Any] | None]

#: The pages that gather sections. A module may add a page of its own (an organisation's
#: profile) by registering a section for a new key; nothing here needs to change.
HOME = "home"
REGION = "region"


@dataclass(frozen=True)
class Section:
    """A block a module adds to a gathering page.

    ``context(request, subject)`` returns the template context, or ``None`` when the module
    has nothing to show for this subject (the page then leaves the section out).
    """

    key: str
    title: str | Promise
    template: str
    context: SectionContext
    order: int = 100


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    order: int = 100


@dataclass(frozen=True)
class RenderedSection:
    section: Section
    context: dict[str, Any]

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def title(self) -> str | Promise:
        return self.section.title

    @property
    def template(self) -> str:
        return self.section.template


@dataclass
class Registry:
    sections: dict[str, dict[str, Section]] = field(default_factory=dict)
    nav: dict[str, NavItem] = field(default_factory=dict)
    api_routers: dict[str, Any] = field(default_factory=dict)
    demo_loaders: dict[str, tuple[int, Callable[..., None]]] = field(default_factory=dict)

    def add_section(self, page: str, section: Section) -> None:
        page_sections = self.sections.setdefault(page, {})
        if section.key in page_sections and page_sections[section.key] != section:
            raise ValueError(f"section {section.key!r} is already registered on page {page!r}")
        page_sections[section.key] = section

    def sections_for(self, page: str) -> list[Section]:
        return sorted(self.sections.get(page, {}).values(), key=lambda s: (s.order, s.key))

    def render(self, page: str, request: HttpRequest, subject: Any = None) -> list[RenderedSection]:
        """The sections of ``page`` that have something to show for ``subject``, in order."""
        rendered = []
        for section in self.sections_for(page):
            context = section.context(request, subject)
            if context is not None:
                rendered.append(RenderedSection(section, context))
        return rendered

    def add_nav(self, item: NavItem) -> None:
        self.nav[item.key] = item

    def nav_items(self) -> list[NavItem]:
        return sorted(self.nav.values(), key=lambda i: (i.order, i.key))

    def add_api_router(self, prefix: str, router: Any) -> None:
        if prefix in self.api_routers and self.api_routers[prefix] is not router:
            raise ValueError(f"an API router is already registered at {prefix!r}")
        self.api_routers[prefix] = router

    def add_demo_loader(self, key: str, loader: Callable[..., None], order: int = 100) -> None:
        """``loader(stdout=..., show_passwords=bool)`` creates its app's demo content idempotently."""
        self.demo_loaders[key] = (order, loader)

    def demo_loaders_in_order(self) -> list[tuple[str, Callable[..., None]]]:
        ordered = sorted(self.demo_loaders.items(), key=lambda kv: (kv[1][0], kv[0]))
        return [(key, loader) for key, (_order, loader) in ordered]


registry = Registry()
