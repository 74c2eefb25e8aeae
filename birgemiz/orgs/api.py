"""GET/POST /api/v1/orgs, GET/PATCH /api/v1/orgs/{id}, GET /api/v1/orgs/stats."""
# No "from __future__ import annotations" here: django-ninja reads the annotations at import.

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import Field

from birgemiz.core.api_errors import ApiError
from birgemiz.geo import selectors as geo
from birgemiz.geo.models import City
from birgemiz.orgs import permissions, selectors, services
from birgemiz.orgs.choices import OrgKind, OrgStatus, StateBodyKind
from birgemiz.orgs.models import LegalForm, Organisation, Sphere

router = Router(tags=["organisations"])


class OrgOut(Schema):
    id: int
    slug: str
    kind: OrgKind
    state_body_kind: str
    name_ru: str
    name_kk: str
    short_name_ru: str
    short_name_kk: str
    legal_form: str | None
    bin: str | None
    registered_on: dt.date | None
    region: str | None
    city: str | None
    status: OrgStatus
    status_since: dt.date | None
    spheres: list[str]
    url: str

    @staticmethod
    def resolve_legal_form(obj):
        return obj.legal_form.code if obj.legal_form_id else None

    @staticmethod
    def resolve_region(obj):
        return obj.region.slug if obj.region_id else None

    @staticmethod
    def resolve_city(obj):
        return obj.city.slug if obj.city_id else None

    @staticmethod
    def resolve_spheres(obj):
        return [s.code for s in obj.spheres.all()]

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class OrgDetailOut(OrgOut):
    address: str
    leader_name: str
    leader_title: str
    phone: str
    email: str
    website: str
    social_links: list[str]
    description: str
    parent_id: int | None
    umbrellas: list[int]

    @staticmethod
    def resolve_umbrellas(obj):
        return [u.pk for u in obj.umbrellas.all()]


class OrgIn(Schema):
    kind: OrgKind | None = None
    state_body_kind: StateBodyKind | None = None
    name_ru: str | None = Field(None, max_length=300)
    name_kk: str | None = Field(None, max_length=300)
    short_name_ru: str | None = Field(None, max_length=150)
    short_name_kk: str | None = Field(None, max_length=150)
    legal_form: str | None = None
    parent_id: int | None = None
    bin: str | None = Field(None, max_length=20)
    registered_on: dt.date | None = None
    region: str | None = None
    city: str | None = None
    address: str | None = Field(None, max_length=300)
    spheres: list[str] | None = None
    status: OrgStatus | None = None
    leader_name: str | None = Field(None, max_length=150)
    leader_title: str | None = Field(None, max_length=150)
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    website: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=5000)


class Filters(Schema):
    q: str = Field("", max_length=100)
    region: str = ""
    city: str = ""
    kind: OrgKind | None = None
    legal_form: str = ""
    sphere: str = ""
    status: OrgStatus | None = None
    sort: str = Field("name", pattern="^(name|-registered|registered|-added)$")


class Row(Schema):
    key: str
    label: str
    registered: int
    active: int


class StatsOut(Schema):
    region: str | None
    registered: int
    active: int
    by_status: dict[str, int]
    by_legal_form: list[Row]
    by_sphere: list[Row]
    by_region: list[Row]
    by_city: list[Row]


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "invalid", message, errors=[{"field": field, "reason": message}])


def _to_data(payload: OrgIn) -> dict:
    """Turn codes and slugs into objects; unknown ones are 422 with the field."""
    data = payload.dict(exclude_unset=True)
    if "legal_form" in data:
        code = data["legal_form"]
        data["legal_form"] = LegalForm.objects.filter(code=code).first() if code else None
        if code and data["legal_form"] is None:
            raise _invalid("legal_form", f"Unknown legal form {code!r}.")
    if "parent_id" in data:
        pk = data.pop("parent_id")
        data["parent"] = Organisation.objects.filter(pk=pk).first() if pk else None
        if pk and data["parent"] is None:
            raise _invalid("parent_id", f"No organisation {pk}.")
    if "region" in data:
        slug = data["region"]
        data["region"] = geo.region_find(slug) if slug else None
        if slug and data["region"] is None:
            raise _invalid("region", f"Unknown region {slug!r}.")
    if "city" in data:
        slug = data["city"]
        data["city"] = City.objects.filter(slug=slug).select_related("region").first() if slug else None
        if slug and data["city"] is None:
            raise _invalid("city", f"Unknown city {slug!r}.")
    if "spheres" in data:
        codes = data["spheres"] or []
        found = list(Sphere.objects.filter(code__in=codes))
        if len(found) != len(set(codes)):
            unknown = sorted(set(codes) - {s.code for s in found})
            raise _invalid("spheres", f"Unknown spheres: {', '.join(unknown)}.")
        data["spheres"] = found
    for key in ("kind", "status", "state_body_kind"):
        if data.get(key) is not None:
            data[key] = str(data[key].value if hasattr(data[key], "value") else data[key])
        elif key in data and key == "state_body_kind":
            data[key] = ""
    text_fields = ("name_ru", "name_kk", "short_name_ru", "short_name_kk", "address", "leader_name")
    for key in (*text_fields, "leader_title", "phone", "email", "website", "description"):
        if key in data and data[key] is None:
            data[key] = ""
    return data


def _raise_validation(error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        errors = [{"field": f, "reason": m} for f, ms in error.message_dict.items() for m in ms]
    else:
        errors = [{"field": None, "reason": m} for m in error.messages]
    raise ApiError(422, "invalid", errors[0]["reason"], errors=errors)


def _detail(pk: int) -> Organisation:
    return get_object_or_404(
        Organisation.objects.select_related("legal_form", "region", "city").prefetch_related(
            "spheres", "umbrellas"
        ),
        pk=pk,
    )


@router.get("", response=list[OrgOut], summary="The directory: search, filters, pages")
@paginate(PageNumberPagination, page_size=50)
def list_orgs(request: HttpRequest, filters: Query[Filters]):
    f = filters.dict()
    f["kind"] = str(f["kind"].value) if f["kind"] else ""
    f["status"] = str(f["status"].value) if f["status"] else ""
    return selectors.with_spheres(selectors.org_list(selectors.OrgFilters(**f)))


@router.get("/stats", response=StatsOut, summary="Registered vs active NGOs, nationally or in a region")
def stats(request: HttpRequest, region: str = ""):
    found = geo.region_find(region) if region else None
    if region and found is None:
        raise ApiError(404, "not_found", f"Unknown region {region!r}.")
    f = selectors.ngo_figures(found)

    def rows(items):
        return [Row(key=r.key, label=str(r.label), registered=r.registered, active=r.active) for r in items]

    return StatsOut(
        region=found.slug if found else None, registered=f.registered, active=f.active,
        by_status={value: n for value, _label, n in f.by_status}, by_legal_form=rows(f.by_legal_form),
        by_sphere=rows(f.by_sphere), by_region=rows(f.by_region), by_city=rows(f.by_city),
    )  # fmt: skip


@router.get("/{int:org_id}", response=OrgDetailOut, summary="One organisation")
def get_org(request: HttpRequest, org_id: int):
    return _detail(org_id)


@router.post("", response={201: OrgDetailOut}, summary="Add an organisation (editors and administrators)")
def create_org(request: HttpRequest, payload: OrgIn):
    if not request.user.is_authenticated:
        raise ApiError(401, "not_authenticated", "Sign in or send a token.")
    if not permissions.can_add_org(request.user):
        raise ApiError(403, "forbidden", "You may not add organisations.")
    try:
        org = services.org_create(actor=request.user, data=_to_data(payload))
    except ValidationError as error:
        _raise_validation(error)
    return Status(201, _detail(org.pk))


@router.patch(
    "/{int:org_id}", response=OrgDetailOut, summary="Change an organisation (its editors and staff)"
)
def update_org(request: HttpRequest, org_id: int, payload: OrgIn):
    org = get_object_or_404(Organisation, pk=org_id)
    if not request.user.is_authenticated:
        raise ApiError(401, "not_authenticated", "Sign in or send a token.")
    if not permissions.can_edit_org(request.user, org):
        raise ApiError(
            403, "forbidden", "Only the organisation's leaders and editors, and staff, may change it."
        )
    try:
        services.org_update(actor=request.user, org=org, data=_to_data(payload))
    except ValidationError as error:
        _raise_validation(error)
    return _detail(org.pk)
