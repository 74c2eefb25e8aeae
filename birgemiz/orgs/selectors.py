"""Every read of the registry that the pages, the exports and the API share."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf

from birgemiz.core.memo import VersionedMemo
from birgemiz.geo import selectors as geo
from birgemiz.orgs import search
from birgemiz.orgs.choices import ClaimStatus, OrgKind, OrgStatus
from birgemiz.orgs.models import LegalForm, Membership, MembershipClaim, Organisation, Sphere

SORTS = {
    "name": ("sort_name", "id"),
    "-registered": ("-registered_on", "id"),
    "registered": ("registered_on", "id"),
    "-added": ("-created_at", "-id"),
}


@dataclass(frozen=True)
class OrgFilters:
    q: str = ""
    region: str = ""  # slug
    city: str = ""  # slug
    kind: str = ""
    legal_form: str = ""  # code
    sphere: str = ""  # code
    status: str = ""
    sort: str = "name"

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v and not (k == "sort" and v == "name")}


def org_list(filters: OrgFilters | None = None) -> QuerySet[Organisation]:
    """The directory: search and filters, ready for a list (legal form, region, city joined)."""
    f = filters or OrgFilters()
    qs = Organisation.objects.select_related("legal_form", "region", "city")
    if f.q:
        qs = search.filter_queryset(qs, f.q)
    if f.region:
        qs = qs.filter(region__slug=f.region)
    if f.city:
        qs = qs.filter(city__slug=f.city)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.legal_form:
        qs = qs.filter(legal_form__code=f.legal_form)
    if f.sphere:
        qs = qs.filter(spheres__code=f.sphere)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.sort not in SORTS or f.sort == "name":
        # A name in Kazakh only sorts among the others, not before them.
        qs = qs.annotate(sort_name=Lower(Coalesce(NullIf("name_ru", Value("")), "name_kk")))
    return qs.order_by(*SORTS.get(f.sort, SORTS["name"]))


def with_spheres(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return qs.prefetch_related("spheres")


def org_get(slug: str) -> Organisation:
    return (
        Organisation.objects.select_related("legal_form", "region", "city", "parent", "parent__legal_form")
        .prefetch_related("spheres", "umbrellas__legal_form")
        .get(slug=slug)
    )


def org_branches(org: Organisation) -> list[Organisation]:
    return list(org.branches.select_related("legal_form", "city").order_by("name_ru"))


def org_umbrella_members(org: Organisation) -> list[Organisation]:
    return list(org.umbrella_members.select_related("legal_form", "city").order_by("name_ru")[:50])


def org_members(org: Organisation) -> list[Membership]:
    return list(org.memberships.select_related("user").order_by("role", "user__full_name"))


def org_history(org: Organisation, limit: int = 30):
    return list(org.history.select_related("actor", "subject")[:limit])


def claims_pending() -> QuerySet[MembershipClaim]:
    return MembershipClaim.objects.filter(status=ClaimStatus.PENDING).select_related(
        "organisation__legal_form", "user"
    )


def user_orgs(user) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Membership.objects.filter(user=user).select_related("organisation__legal_form"))


def legal_forms() -> list[LegalForm]:
    return list(LegalForm.objects.all())


def spheres() -> list[Sphere]:
    """The 20 spheres of activity, kept in each process until one changes."""
    return _spheres.get()


def state_body_options() -> list[Organisation]:
    """Every state body (names and slug only) for choosers and filters, by Russian name; kept in
    each process until an organisation changes. Read-only: the list is shared."""
    return _state_body_options.get()


def lists_version() -> str:
    """Changes whenever the spheres or the state bodies do (a cache key for choosers)."""
    return f"{_spheres.version()}:{_state_body_options.version()}"


def invalidate_lists(sender=None, **kwargs) -> None:
    """Signal receiver too: an organisation or a sphere was saved or deleted."""
    _spheres.invalidate()
    _state_body_options.invalidate()


def _load_state_body_options() -> list[Organisation]:
    return list(
        Organisation.objects.filter(kind=OrgKind.STATE_BODY)
        .only("slug", "name_ru", "name_kk", "short_name_ru", "short_name_kk")
        .order_by("name_ru", "pk")
    )


_spheres = VersionedMemo("orgs:spheres", lambda: list(Sphere.objects.all()))
_state_body_options = VersionedMemo("orgs:state-body-options", _load_state_body_options)


def state_bodies(region=None) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(kind=OrgKind.STATE_BODY).select_related("legal_form")
    return qs.filter(region=region) if region is not None else qs


# ---- figures -----------------------------------------------------------------------------------

#: "Registered" means on the register: every status but liquidated.
REGISTERED = ~Q(status=OrgStatus.LIQUIDATED)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    registered: int
    active: int

    @property
    def active_share(self) -> int:
        return round(100 * self.active / self.registered) if self.registered else 0


@dataclass(frozen=True)
class NgoFigures:
    registered: int
    active: int
    by_status: list[tuple[str, str, int]]
    by_legal_form: list[Row]
    by_sphere: list[Row]
    by_region: list[Row]
    by_city: list[Row]

    @property
    def active_share(self) -> int:
        return round(100 * self.active / self.registered) if self.registered else 0


def ngo_totals(region=None) -> tuple[int, int]:
    """(registered, active) NGOs, nationally or in a region: one query."""
    ngos = Organisation.objects.filter(kind=OrgKind.NGO)
    if region is not None:
        ngos = ngos.filter(region=region)
    totals = ngos.aggregate(
        registered=Count("id", filter=REGISTERED), active=Count("id", filter=Q(status=OrgStatus.ACTIVE))
    )
    return totals["registered"], totals["active"]


def _counts(qs, field):
    return {
        row[field]: (row["registered"], row["active"])
        for row in qs.values(field).annotate(
            registered=Count("id", filter=REGISTERED, distinct=True),
            active=Count("id", filter=Q(status=OrgStatus.ACTIVE), distinct=True),
        )
    }


def ngo_figures(region=None) -> NgoFigures:
    """Registered vs active NGOs, nationally or in one region: by status, legal form, sphere,
    region and city. Six grouped queries whatever the number of organisations."""
    ngos = Organisation.objects.filter(kind=OrgKind.NGO)
    if region is not None:
        ngos = ngos.filter(region=region)
    totals = ngos.aggregate(
        registered=Count("id", filter=REGISTERED), active=Count("id", filter=Q(status=OrgStatus.ACTIVE))
    )
    statuses = dict(ngos.values_list("status").annotate(n=Count("id")))
    by_status = [(value, label, statuses.get(value, 0)) for value, label in OrgStatus.choices]
    forms = _counts(ngos, "legal_form")
    by_legal_form = [
        Row(f.code, f.name, *forms[f.pk]) for f in LegalForm.objects.all() if f.pk in forms and forms[f.pk][0]
    ]
    sphere_counts = _counts(ngos, "spheres")
    by_sphere = sorted(
        (
            Row(s.code, str(s.name), *sphere_counts[s.pk])
            for s in Sphere.objects.all()
            if s.pk in sphere_counts
        ),
        key=lambda r: -r.registered,
    )
    by_region, by_city = [], []
    if region is None:
        region_counts = _counts(ngos, "region")
        by_region = [
            Row(r.slug, r.name, *region_counts[r.pk]) for r in geo.region_list() if r.pk in region_counts
        ]
    else:
        city_counts = _counts(ngos, "city")
        by_city = [
            Row(c.slug, c.name, *city_counts[c.pk]) for c in region.cities.all() if c.pk in city_counts
        ]
    return NgoFigures(
        registered=totals["registered"], active=totals["active"], by_status=by_status,
        by_legal_form=by_legal_form, by_sphere=by_sphere, by_region=by_region, by_city=by_city,
    )  # fmt: skip
