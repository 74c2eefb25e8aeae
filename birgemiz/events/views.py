"""Public pages of events: the calendar, an event's page, registration and the ticket."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from birgemiz.core.registry import registry
from birgemiz.events import forms, permissions, selectors, services, tickets
from birgemiz.events.choices import ACTIVE_STATUSES, RegStatus
from birgemiz.events.models import Event, Registration
from birgemiz.events.sections import EVENT

PAGE_SIZE = 20


def event_or_404(request: HttpRequest, slug: str) -> Event:
    try:
        event = selectors.event_get(slug)
    except Event.DoesNotExist as error:
        raise Http404("No such event") from error
    if not permissions.can_view_event(request.user, event):
        raise Http404("No such event")
    return event


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    form = forms.EventFilterForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.EventFilters()
    page = Paginator(selectors.event_list(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page": page,
            "filters": filters,
            "can_create": permissions.can_create_event(request.user),
        },
    )


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(request, slug)
    user = request.user
    registration = selectors.my_registration(user, event)
    organisers, partners = selectors.organising(event)
    can_manage = permissions.can_manage_event(user, event)
    programme = selectors.event_programme(event)
    form = None
    live = registration is not None and registration.status in ACTIVE_STATUSES
    if not live and permissions.can_register(user, event) and not services.registration_window_error(event):
        form = forms.RegistrationForm(event=event, sessions=programme, user=user)
    confirmed = selectors.confirmed_count(event)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "organisers": organisers,
            "partners": partners,
            "programme": programme,
            "registration": registration,
            "waitlist_position": selectors.waitlist_position(registration) if registration else None,
            "form": form,
            "closed_reason": services.registration_window_error(event),
            "confirmed": confirmed,
            "places_left": None if event.capacity is None else max(event.capacity - confirmed, 0),
            "show_online_link": permissions.can_see_online_link(user, event, registration),
            "has_session_links": any(s.online_url for s in programme),
            "can_manage": can_manage,
            "sections": registry.render(EVENT, request, event),
        },
    )


@never_cache
@login_required
@require_POST
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(request, slug)
    if not permissions.can_register(request.user, event):
        messages.error(request, _("Confirm your e-mail address to register for events."))
        return redirect(event.get_absolute_url())
    form = forms.RegistrationForm(
        request.POST, event=event, sessions=selectors.event_programme(event), user=request.user
    )
    if form.is_valid():
        try:
            registration = services.registration_create(
                event=event, user=request.user, data=form.registration_input()
            )
        except services.EventError as error:
            messages.error(request, error.message)
            return redirect(event.get_absolute_url())
        messages.success(request, _status_message(registration))
        return redirect(event.get_absolute_url() + "#my-registration")
    problems = "; ".join(
        f"{form[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
        for name, errors in form.errors.items()
    )
    messages.error(request, f"{_('Check the registration form.')} {problems}")
    return redirect(event.get_absolute_url())


def _status_message(registration: Registration) -> str:
    return {
        RegStatus.CONFIRMED: _("You are registered. Your ticket is ready."),
        RegStatus.WAITLISTED: _("All places are taken: you are on the waiting list."),
        RegStatus.PENDING: _("Your registration is waiting for the organisers' approval."),
    }.get(registration.status, registration.get_status_display())


@never_cache
@login_required
@require_POST
def event_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(request, slug)
    registration = Registration.objects.filter(
        event=event,
        user=request.user,
        status__in=[RegStatus.CONFIRMED, RegStatus.WAITLISTED, RegStatus.PENDING],
    ).first()
    if registration is None:
        raise Http404("No registration")
    services.registration_cancel(registration=registration, actor=request.user)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(event.get_absolute_url())


def _my_ticket(request: HttpRequest, slug: str) -> Registration:
    event = event_or_404(request, slug)
    registration = (
        Registration.objects.filter(event=event, user=request.user, status=RegStatus.CONFIRMED)
        .select_related("event", "user", "organisation")
        .first()
    )
    if registration is None or not permissions.can_view_ticket(request.user, registration):
        raise Http404("No ticket")
    registration.event = event
    return registration


@never_cache
@login_required
@require_safe
def ticket(request: HttpRequest, slug: str) -> HttpResponse:
    registration = _my_ticket(request, slug)
    payload = tickets.ticket_payload(registration)
    return render(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "event": registration.event,
            "qr": tickets.qr_svg(payload, scale=5),
            "payload": payload,
        },
    )


@never_cache
@login_required
@require_safe
def ticket_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    registration = _my_ticket(request, slug)
    pdf = tickets.ticket_pdf(registration, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ticket-{registration.pk}.pdf"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def join_online(request: HttpRequest, slug: str) -> HttpResponse:
    """The online link through the site: counts the participant as attending online."""
    event = event_or_404(request, slug)
    registration = selectors.my_registration(request.user, event)
    if not permissions.can_see_online_link(request.user, event, registration):
        raise PermissionDenied
    if not event.online_url:
        raise Http404("The event has no online link")
    if registration is not None:
        services.join_online(registration=registration)
    return redirect(event.online_url)
