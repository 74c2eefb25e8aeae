"""Organisers' tools: create and edit an event and its programme, registrations, check-in,
messages, outcomes and gallery, export. Every view asks ``permissions.can_manage_event``."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from birgemiz.core.spreadsheets import safe_row
from birgemiz.events import forms, permissions, selectors, services, tickets
from birgemiz.events.choices import EventStatus, OrganiserRole, RegStatus
from birgemiz.events.models import (
    Event,
    EventLink,
    EventOrganiser,
    EventPhoto,
    Registration,
    Session,
    Speaker,
)
from birgemiz.geo import selectors as geo
from birgemiz.orgs.models import Membership


def _managed(request: HttpRequest, slug: str) -> Event:
    try:
        event = selectors.event_get_for_manage(slug)
    except Event.DoesNotExist as error:
        raise Http404("No such event") from error
    if not permissions.can_manage_event(request.user, event):
        if not permissions.can_view_event(request.user, event):
            raise Http404("No such event")
        raise PermissionDenied
    return event


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


@never_cache
@login_required
@require_safe
def my_events(request: HttpRequest) -> HttpResponse:
    events = selectors.managed_events(request.user).select_related("region")
    registrations = (
        Registration.objects.filter(user=request.user)
        .select_related("event")
        .order_by("-event__starts_at")[:50]
    )
    return render(
        request,
        "events/my_events.html",
        {
            "events": events[:100],
            "registrations": registrations,
            "can_create": permissions.can_create_event(request.user),
        },
    )


def _organising_choices(user):
    return [
        m.organisation
        for m in Membership.objects.filter(user=user, role__in=("leader", "editor")).select_related(
            "organisation"
        )
    ]


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_event(request.user):
        raise PermissionDenied
    form = forms.EventForm(_posted(request), request.FILES or None)
    orgs = _organising_choices(request.user)
    if request.method == "POST" and form.is_valid():
        org_id = request.POST.get("organisation")
        org = next((o for o in orgs if str(o.pk) == org_id), None)
        data = form.service_data()
        if request.POST.get("publish"):
            data["status"] = EventStatus.PUBLISHED
        try:
            event = services.event_create(
                actor=request.user,
                data=data,
                organisers=[(org, OrganiserRole.ORGANISER)] if org else [],
            )
        except services.EventError as error:
            form.apply_error(error)
        else:
            messages.success(request, _("The event is created. Add its programme."))
            return redirect("events:programme", slug=event.slug)
    return render(
        request,
        "events/event_form.html",
        {"form": form, "event": None, "orgs": orgs},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed(request, slug)
    form = forms.EventForm(_posted(request), request.FILES or None, instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, data=form.service_data())
        except services.EventError as error:
            form.apply_error(error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect(event.get_absolute_url())
    return render(
        request,
        "events/event_form.html",
        {"form": form, "event": event, "orgs": []},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def event_status(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish a draft, cancel with a public reason, postpone to a new start and end."""
    event = _managed(request, slug)
    status = request.POST.get("status", "") if request.method == "POST" else ""
    if request.method == "POST" and status not in EventStatus.values:
        raise Http404("No such status")
    cancel_form = forms.CancelEventForm(request.POST if status == EventStatus.CANCELLED else None)
    postpone_form = forms.PostponeEventForm(
        request.POST if status == EventStatus.POSTPONED else None,
        initial={
            "new_starts_at": timezone.localtime(event.starts_at),
            "new_ends_at": timezone.localtime(event.ends_at),
        },
    )
    form = {EventStatus.CANCELLED: cancel_form, EventStatus.POSTPONED: postpone_form}.get(status)
    if request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form is not None else {}
        try:
            services.event_set_status(
                actor=request.user,
                event=event,
                status=status,
                new_starts_at=data.get("new_starts_at"),
                new_ends_at=data.get("new_ends_at"),
                note=data.get("note", ""),
            )
        except services.EventError as error:
            if form is None:
                messages.error(request, error.message)
                return redirect(event.get_absolute_url())
            form.apply_error(error)
        else:
            messages.success(request, _("The status is changed."))
            return redirect(event.get_absolute_url())
    allowed = services.STATUS_TRANSITIONS.get(event.status, ())
    return render(
        request,
        "events/event_status.html",
        {
            "event": event,
            "cancel_form": cancel_form if EventStatus.CANCELLED in allowed else None,
            "postpone_form": postpone_form if EventStatus.POSTPONED in allowed else None,
            "can_publish": EventStatus.PUBLISHED in allowed,
        },
        status=400 if form is not None and form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed(request, slug)
    form = forms.SessionForm(_posted(request) if "add_session" in request.POST else None)
    org_form = forms.OrganiserForm(request.POST if "add_organiser" in request.POST else None)
    if "remove_organiser" in request.POST:
        link = get_object_or_404(EventOrganiser, pk=request.POST["remove_organiser"], event=event)
        services.organiser_remove(actor=request.user, link=link)
        messages.success(request, _("The organisation is removed from the event."))
        return redirect("events:programme", slug=event.slug)
    if org_form.is_bound and org_form.is_valid():
        try:
            organisation = services.find_organisation(org_form.cleaned_data["organisation"])
            services.organiser_set(
                actor=request.user, event=event, organisation=organisation, role=org_form.cleaned_data["role"]
            )
        except services.EventError as error:
            org_form.add_error(error.field if error.field in org_form.fields else None, error.message)
        else:
            messages.success(request, _("The organisation is added to the event."))
            return redirect("events:programme", slug=event.slug)
    quota_form = forms.QuotaForm(request.POST if "set_quota" in request.POST else None)
    if quota_form.is_bound and quota_form.is_valid():
        data = quota_form.cleaned_data
        try:
            region = next((r for r in geo.region_list() if r.slug == data["region"]), None)
            organisation = (
                None
                if region or not data["organisation"]
                else services.find_organisation(data["organisation"])
            )
            services.quota_set(
                actor=request.user,
                event=event,
                places=data["places"],
                region=region,
                organisation=organisation,
            )
        except services.EventError as error:
            quota_form.add_error(error.field if error.field in quota_form.fields else None, error.message)
        else:
            messages.success(request, _("The quota is saved."))
            return redirect("events:programme", slug=event.slug)
    if form.is_bound and form.is_valid():
        try:
            services.session_save(actor=request.user, event=event, data=form.cleaned_data)
        except services.EventError as error:
            form.apply_error(error)
        else:
            messages.success(request, _("The session is added to the programme."))
            return redirect("events:programme", slug=event.slug)
    if form.is_bound is False:
        form = forms.SessionForm(initial={"starts_at": timezone.localtime(event.starts_at)})
    return render(
        request,
        "events/programme_edit.html",
        {
            "event": event,
            "form": form,
            "org_form": org_form,
            "quota_form": quota_form,
            "quotas": list(event.quotas.select_related("region", "organisation", "organisation__legal_form")),
            "organisers": list(event.organisers.select_related("organisation", "organisation__legal_form")),
            "programme": selectors.event_programme(event),
        },
        status=400 if form.errors or org_form.errors or quota_form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _managed(request, slug)
    session = get_object_or_404(Session, pk=pk, event=event)
    if request.method == "POST" and "delete" in request.POST:
        services.session_delete(actor=request.user, session=session)
        messages.success(request, _("The session is removed from the programme."))
        return redirect("events:programme", slug=event.slug)
    if request.method == "POST" and "remove_speaker" in request.POST:
        speaker = get_object_or_404(Speaker, pk=_int(request.POST["remove_speaker"]), session=session)
        services.speaker_remove(actor=request.user, speaker=speaker)
        messages.success(request, _("The speaker is removed."))
        return redirect("events:session_edit", slug=event.slug, pk=session.pk)
    if request.method == "POST" and "add_speaker" in request.POST:
        speaker_form = forms.SpeakerForm(request.POST)
        if speaker_form.is_valid():
            services.speaker_add(actor=request.user, session=session, **speaker_form.cleaned_data)
            messages.success(request, _("The speaker is added."))
            return redirect("events:session_edit", slug=event.slug, pk=session.pk)
        form = forms.SessionForm(instance=session)
    else:
        speaker_form = forms.SpeakerForm()
        form = forms.SessionForm(_posted(request), instance=session)
        if request.method == "POST" and form.is_valid():
            try:
                services.session_save(
                    actor=request.user, event=event, session=session, data=form.cleaned_data
                )
            except services.EventError as error:
                form.apply_error(error)
            else:
                messages.success(request, _("The session is saved."))
                return redirect("events:programme", slug=event.slug)
    return render(
        request,
        "events/session_form.html",
        {"event": event, "session": session, "form": form, "speaker_form": speaker_form},
        status=400 if form.errors or speaker_form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def speaker_edit(request: HttpRequest, slug: str, pk: int, speaker: int) -> HttpResponse:
    event = _managed(request, slug)
    found = get_object_or_404(
        Speaker.objects.select_related("session"), pk=speaker, session=pk, session__event=event
    )
    form = forms.SpeakerForm(
        _posted(request),
        initial={
            "role": found.role,
            "name": found.name,
            "title": found.title,
            "organisation_name": found.organisation_name,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.speaker_update(actor=request.user, speaker=found, **form.cleaned_data)
        except services.EventError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The speaker is saved."))
            return redirect("events:session_edit", slug=event.slug, pk=found.session_id)
    return render(
        request,
        "events/speaker_form.html",
        {"event": event, "session": found.session, "speaker": found, "form": form},
        status=400 if form.errors else 200,
    )


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise Http404("Not a number") from error


@never_cache
@login_required
@require_safe
def registrations(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed(request, slug)
    status = request.GET.get("status", "")
    if status not in RegStatus.values:
        status = ""
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.registration_list(event, status=status, q=q), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "page": page,
            "status": status,
            "q": q,
            "statuses": RegStatus.choices,
            "figures": services.attendance(event),
            "reject_form": forms.RejectForm(),
        },
    )


@never_cache
@login_required
@require_POST
def registration_action(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    event = _managed(request, slug)
    registration = get_object_or_404(Registration, pk=pk, event=event)
    try:
        if action == "approve":
            services.registration_approve(registration=registration, actor=request.user)
        elif action == "reject":
            services.registration_reject(
                registration=registration, actor=request.user, reason=request.POST.get("reason", "")
            )
        elif action == "promote":
            services.registration_promote(registration=registration, actor=request.user)
        elif action == "cancel":
            services.registration_cancel(registration=registration, actor=request.user)
        elif action == "check-in":
            services.check_in(event=event, actor=request.user, registration=registration)
        else:
            raise Http404("No such action")
    except services.EventError as error:
        messages.error(request, error.message)
    except tickets.TicketError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Done."))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("events:registrations", slug=event.slug)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, slug: str) -> HttpResponse:
    """Scan the ticket's QR with the phone camera (BarcodeDetector) or type/paste the code, or
    find the person by name."""
    event = _managed(request, slug)
    form = forms.CheckInForm(_posted(request))
    result = None
    error = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = services.check_in(event=event, actor=request.user, code=form.cleaned_data["code"])
        except tickets.TicketError as exc:
            error = str(exc)
            status = 400
        else:
            form = forms.CheckInForm()
    q = request.GET.get("q", "").strip()[:100]
    found = list(selectors.registration_list(event, status=RegStatus.CONFIRMED, q=q)[:20]) if q else []
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "form": form,
            "result": result,
            "error": error,
            "q": q,
            "found": found,
            "figures": services.attendance(event),
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def message(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed(request, slug)
    form = forms.MessageForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.message_participants(event=event, actor=request.user, **form.cleaned_data)
        except services.EventError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("The message is being sent to %(count)d people.") % {"count": sent.recipients}
            )
            return redirect("events:registrations", slug=event.slug)
    return render(
        request,
        "events/message_form.html",
        {"event": event, "form": form, "sent": event.messages.all()[:20]},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def outcomes(request: HttpRequest, slug: str) -> HttpResponse:
    """Resolution and recommendations, the gallery and the links to news."""
    event = _managed(request, slug)
    instance = Event.objects.get(pk=event.pk)
    outcomes_form = forms.OutcomesForm(
        request.POST if "save_outcomes" in request.POST else None, instance=instance
    )
    photo_form = forms.PhotoForm(
        request.POST if "add_photo" in request.POST else None,
        request.FILES if "add_photo" in request.POST else None,
    )
    link_form = forms.LinkForm(request.POST if "add_link" in request.POST else None)
    done = None
    if "remove_photo" in request.POST:
        photo = get_object_or_404(EventPhoto, pk=_int(request.POST["remove_photo"]), event=event)
        services.photo_remove(actor=request.user, photo=photo)
        done = _("The photo is removed from the gallery.")
    elif "remove_link" in request.POST:
        link = get_object_or_404(EventLink, pk=_int(request.POST["remove_link"]), event=event)
        services.link_remove(actor=request.user, link=link)
        done = _("The link is removed.")
    elif outcomes_form.is_bound and outcomes_form.is_valid():
        services.event_update(actor=request.user, event=event, data=outcomes_form.cleaned_data)
        done = _("The outcomes are saved.")
    elif photo_form.is_bound and photo_form.is_valid():
        try:
            services.photo_add(event=event, actor=request.user, **photo_form.cleaned_data)
        except services.EventError as error:
            photo_form.add_error("image", error.message)
        else:
            done = _("The photo is added to the gallery.")
    elif link_form.is_bound and link_form.is_valid():
        try:
            services.link_add(event=event, actor=request.user, **link_form.cleaned_data)
        except services.EventError as error:
            link_form.add_error(error.field if error.field in link_form.fields else None, error.message)
        else:
            done = _("The link is added.")
    if done:
        messages.success(request, done)
        return redirect("events:outcomes", slug=event.slug)
    bad = outcomes_form.errors or photo_form.errors or link_form.errors
    return render(
        request,
        "events/outcomes_form.html",
        {
            "event": event,
            "outcomes_form": outcomes_form,
            "photo_form": photo_form,
            "link_form": link_form,
            "photos": list(event.photos.all()),
            "links": list(event.links.all()),
        },
        status=400 if bad else 200,
    )


EXPORT_COLUMNS = (
    "id", "name", "email", "status", "participation", "organisation", "role", "region", "registered",
    "checked_in", "joined_online",
)  # fmt: skip


def _export_rows(event: Event):
    for r in selectors.registration_list(event).iterator(chunk_size=500):
        yield safe_row(
            [
                r.pk,
                r.user.full_name,
                r.user.email,
                r.get_status_display(),
                r.get_participation_display(),
                r.organisation_label,
                r.role,
                r.region.name if r.region_id else "",
                timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(r.checked_in_at).strftime("%Y-%m-%d %H:%M") if r.checked_in_at else "",
                timezone.localtime(r.joined_online_at).strftime("%Y-%m-%d %H:%M")
                if r.joined_online_at
                else "",
            ]
        )


@never_cache
@login_required
@require_safe
def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Participants as CSV (UTF-8 with BOM for spreadsheet programs) or XLSX."""
    event = _managed(request, slug)
    headers = [
        _("No."), _("Name"), _("E-mail"), _("Status"), _("Participation"), _("Organisation"),
        _("Position or role"), _("Region"), _("Registered"), _("Checked in"), _("Joined online"),
    ]  # fmt: skip
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(_export_rows(event))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Participants"))
        sheet.append(headers)
        for row in _export_rows(event):
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        raise Http404("No such format")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-participants.{fmt}"'
    return response
