"""The directory, profiles, editing, membership claims, figures, import and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from birgemiz.core.registry import registry
from birgemiz.geo import selectors as geo
from birgemiz.orgs import forms, importing, permissions, selectors, services
from birgemiz.orgs.models import Membership, MembershipClaim, Organisation
from birgemiz.orgs.sections import ORG

PAGE_SIZE = 20


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _org_or_404(slug: str) -> Organisation:
    try:
        return selectors.org_get(slug)
    except Organisation.DoesNotExist as error:
        raise Http404("No such organisation") from error


@require_safe
def org_list(request: HttpRequest) -> HttpResponse:
    form = forms.OrgFilterForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.OrgFilters()
    page = Paginator(selectors.with_spheres(selectors.org_list(filters)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = filters.as_query()
    return render(
        request,
        "orgs/org_list.html",
        {
            "form": form,
            "page": page,
            "filters": filters,
            "query": query,
            # The filters stay folded on a phone unless one is set (or wrong).
            "filtered": bool(set(query) - {"q"}) or bool(set(form.errors) - {"q"}),
            "can_add": permissions.can_add_org(request.user),
        },
    )


@require_safe
def org_detail(request: HttpRequest, slug: str) -> HttpResponse:
    org = _org_or_404(slug)
    user = request.user
    can_manage = permissions.can_manage_members(user, org)
    return render(
        request,
        "orgs/org_detail.html",
        {
            "org": org,
            "sections": registry.render(ORG, request, org),
            "branches": selectors.org_branches(org),
            "umbrella_members": selectors.org_umbrella_members(org),
            "members": selectors.org_members(org) if can_manage else None,
            "history": selectors.org_history(org) if can_manage else None,
            "my_role": permissions.member_role(user, org),
            "can_edit": permissions.can_edit_org(user, org),
            "can_manage": can_manage,
            "can_claim": permissions.can_claim(user, org),
            "pending_claim": user.is_authenticated
            and MembershipClaim.objects.filter(organisation=org, user=user, status="pending").exists(),
        },
    )


def _profile_form_view(request: HttpRequest, org: Organisation | None) -> HttpResponse:
    form = forms.OrgProfileForm(_posted(request), request.FILES or None, instance=org)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data}
        if not data.get("logo"):
            data.pop("logo", None)
        try:
            if org is None:
                org = services.org_create(actor=request.user, data=data)
                messages.success(request, _("The organisation is added to the registry."))
            else:
                services.org_update(actor=request.user, org=org, data=data)
                messages.success(request, _("The profile is saved."))
            return redirect(org.get_absolute_url())
        except services.OrgError as error:
            form.apply_errors(error)
    return render(
        request, "orgs/org_form.html", {"form": form, "org": org}, status=400 if form.errors else 200
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def org_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_add_org(request.user):
        raise PermissionDenied
    return _profile_form_view(request, None)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def org_edit(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_edit_org(request.user, org):
        raise PermissionDenied
    return _profile_form_view(request, org)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def org_claim(request: HttpRequest, slug: str) -> HttpResponse:
    org = _org_or_404(slug)
    if not permissions.can_claim(request.user, org):
        raise PermissionDenied
    form = forms.ClaimForm(_posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_submit(user=request.user, org=org, **form.cleaned_data)
        except services.OrgError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, _("Your claim is sent. A moderator will check it and you will get an e-mail.")
            )
            return redirect(org.get_absolute_url())
    return render(
        request, "orgs/org_claim.html", {"form": form, "org": org}, status=400 if form.errors else 200
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def claim_queue(request: HttpRequest) -> HttpResponse:
    """Moderators' queue of "this is my organisation" claims."""
    if not permissions.can_decide_claims(request.user):
        raise PermissionDenied
    errors = {}
    if request.method == "POST":
        claim = get_object_or_404(MembershipClaim, pk=request.POST.get("claim"))
        form = forms.ClaimDecisionForm(request.POST)
        if form.is_valid():
            try:
                services.claim_decide(
                    moderator=request.user,
                    claim=claim,
                    approve=form.cleaned_data["decision"] == "approve",
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("The decision is saved and the person is notified."))
                return redirect("orgs:claims")
            except services.OrgError as error:
                errors[claim.pk] = error.messages
        else:
            errors[claim.pk] = [m for ms in form.errors.values() for m in ms]
    claims = list(selectors.claims_pending()[:100])
    return render(
        request, "orgs/claim_queue.html", {"claims": claims, "errors": errors}, status=400 if errors else 200
    )


@never_cache
@login_required
@require_safe
def claim_document(request: HttpRequest, pk: int) -> FileResponse:
    """The document attached to a claim: for moderators and the claimant only."""
    claim = get_object_or_404(MembershipClaim, pk=pk)
    if not claim.document or not (
        permissions.can_decide_claims(request.user) or claim.user_id == request.user.pk
    ):
        raise Http404
    return FileResponse(
        claim.document.open("rb"), as_attachment=True, filename=claim.document.name.rsplit("/", 1)[-1]
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def org_members(request: HttpRequest, slug: str) -> HttpResponse:
    org = _org_or_404(slug)
    if not permissions.can_manage_members(request.user, org):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        membership = get_object_or_404(Membership, pk=request.POST.get("membership"), organisation=org)
        try:
            if request.POST.get("action") == "remove":
                services.member_remove(actor=request.user, membership=membership)
                messages.success(request, _("The member is removed."))
            else:
                form = forms.MemberRoleForm(request.POST)
                if not form.is_valid():
                    raise services.OrgError(_("Choose a role from the list."))
                services.member_set_role(
                    actor=request.user, membership=membership, role=form.cleaned_data["role"]
                )
                messages.success(request, _("The role is changed."))
            return redirect("orgs:members", slug=org.slug)
        except services.OrgError as exc:
            error = exc.messages
    return render(
        request,
        "orgs/org_members.html",
        {
            "org": org,
            "members": selectors.org_members(org),
            "history": selectors.org_history(org),
            "error": error,
            "roles": forms.MemberRoleForm.base_fields["role"].choices,
        },
        status=400 if error else 200,
    )  # fmt: skip


@require_safe
def org_figures(request: HttpRequest) -> HttpResponse:
    region = geo.region_find(request.GET.get("region"))
    if request.GET.get("region") and region is None:
        raise Http404("No such region")
    return render(
        request,
        "orgs/org_figures.html",
        {"figures": selectors.ngo_figures(region), "region": region, "regions": geo.region_list()},
    )


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@require_safe
def org_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The directory with the current filters, as a file (the whole list, not one page)."""
    if fmt not in EXPORT_TYPES:
        raise Http404
    filters = forms.OrgFilterForm(request.GET).filters()
    orgs = importing.export_queryset(selectors.org_list(filters)).iterator(chunk_size=2000)
    filename = f"birgemiz-orgs-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "xlsx":
        response = HttpResponse(importing.export_xlsx(orgs), content_type=EXPORT_TYPES[fmt])
    else:
        stream = importing.export_csv(orgs) if fmt == "csv" else importing.export_json(orgs)
        response = StreamingHttpResponse(stream, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def org_import(request: HttpRequest) -> HttpResponse:
    if not permissions.can_import_orgs(request.user):
        raise PermissionDenied
    form = forms.ImportForm(_posted(request), request.FILES or None)
    report, file_error = None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = list(importing.read_rows(upload.name, upload.read()))
            report = importing.import_orgs(rows, actor=request.user, dry_run=form.cleaned_data["dry_run"])
        except importing.ImportFileError as error:
            file_error = str(error)
    status = 400 if (form.errors or file_error or (report and report.errors)) else 200
    return render(
        request,
        "orgs/org_import.html",
        {"form": form, "report": report, "file_error": file_error, "columns": importing.COLUMNS},
        status=status,
    )
