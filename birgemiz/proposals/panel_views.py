"""The interactive panel: a page with a QR code and a short link, the phone form (a newcomer
registers in the same step), the projector wall that updates itself every 2 seconds, and the
forum export of what was collected."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from birgemiz.core.ratelimit import hit_request
from birgemiz.proposals import exports, forms, limits, permissions, selectors, services
from birgemiz.proposals.models import Panel, Proposal
from birgemiz.proposals.views import TOO_MANY, too_many


def _panel_or_404(code: str) -> Panel:
    try:
        return selectors.panel_get(code)
    except Panel.DoesNotExist as error:
        raise Http404("No such panel") from error


def short_link(request: HttpRequest, panel: Panel) -> str:
    return request.build_absolute_uri(reverse("short:panel", kwargs={"code": panel.code}))


def qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_inline(scale=6, dark="#000", light="#fff", title=url)


@require_safe
def panel_short(request: HttpRequest, code: str) -> HttpResponse:
    """``/p/<code>``: what the QR code and the screen show; opens the phone form."""
    panel = _panel_or_404(code)
    language = request.LANGUAGE_CODE if getattr(request, "LANGUAGE_CODE", None) else get_language()
    from django.utils import translation

    with translation.override(language):
        return redirect(reverse("proposals:panel_submit", kwargs={"code": panel.code}))


@require_safe
def panel_detail(request: HttpRequest, code: str) -> HttpResponse:
    panel = _panel_or_404(code)
    link = short_link(request, panel)
    return render(
        request,
        "proposals/panel_detail.html",
        {
            "panel": panel,
            "link": link,
            "qr": mark_safe(qr_svg(link)),  # noqa: S308  segno's own SVG of our URL
            "count": selectors.public().filter(panel=panel).count(),
            "moderator": permissions.can_moderate(request.user),
        },
    )


def _panel_form(request: HttpRequest, panel: Panel, form, sent=None, status=200) -> HttpResponse:
    return render(
        request, "proposals/panel_submit.html", {"panel": panel, "form": form, "sent": sent}, status=status
    )


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def panel_submit(request: HttpRequest, code: str) -> HttpResponse:
    panel = _panel_or_404(code)
    user = request.user
    form = forms.PanelForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and panel.is_open:
        # The sign-up page's limit, counted the same way: a newcomer here creates an account.
        if form.newcomer and not hit_request("panel_signup", request):
            form.is_valid()  # keep what was typed on the page
            form.add_error(
                None,
                _("You have tried this too many times in a short while. Please wait a little and try again."),
            )
            response = _panel_form(request, panel, form)
            response.status_code, response["Retry-After"] = 429, str(settings.RATE_LIMITS["panel_signup"][1])
            return response
        if not form.newcomer and form.is_valid() and not limits.allow("submit", request):
            form.add_error(None, TOO_MANY["submit"])
            return too_many(_panel_form(request, panel, form), "submit")
    if request.method == "POST" and panel.is_open and form.is_valid():
        data = form.cleaned_data
        try:
            if form.newcomer:
                from birgemiz.accounts.services import user_signup

                user = user_signup(
                    email=data["email"], full_name=data["full_name"], password=data["password"],
                    preferred_language=request.LANGUAGE_CODE, consent=data["consent"], region=panel.region,
                )  # fmt: skip
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            proposal = services.proposal_submit(
                author=user, panel=panel, title=data["title"], addressee=panel.addressee,
                text=data.get("text") or data["title"], sphere=data.get("sphere"),
            )  # fmt: skip
        except services.ProposalError as error:
            form.add_error(error.field if error.field in form.fields else None, error.messages[0])
        except ValidationError as error:  # the e-mail is taken, and so on
            form.add_error("email" if "email" in form.fields else None, error.messages[0])
        else:
            messages.success(request, _("Thank you! Your proposal is on the wall."))
            return redirect(
                reverse("proposals:panel_submit", kwargs={"code": panel.code}) + f"?sent={proposal.pk}"
            )
    sent = request.GET.get("sent")
    return _panel_form(
        request,
        panel,
        form,
        sent=sent if sent and sent.isdigit() else None,
        status=400 if form.errors else 200,
    )


@require_safe
def panel_wall(request: HttpRequest, code: str) -> HttpResponse:
    panel = _panel_or_404(code)
    return render(
        request,
        "proposals/panel_wall.html",
        {
            "panel": panel,
            "items": selectors.wall_items(panel),
            "link": short_link(request, panel),
            "moderator": permissions.can_moderate(request.user),
        },
    )


@require_safe
def panel_wall_items(request: HttpRequest, code: str) -> HttpResponse:
    """The fragment the wall polls every 2 seconds: one small query, no session needed."""
    panel = get_object_or_404(Panel.objects.only("id", "code"), code=code)
    return render(
        request,
        "proposals/partials/wall_items.html",
        {
            "panel": panel,
            "items": selectors.wall_items(panel),
            "moderator": permissions.can_moderate(request.user),
        },
    )


@require_POST
def proposal_wall(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.select_related("panel"), pk=pk)
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    services.proposal_set_on_wall(actor=request.user, proposal=proposal, shown=bool(request.POST.get("show")))
    if request.htmx and proposal.panel:
        return panel_wall_items(request, proposal.panel.code)
    return redirect(proposal.panel.get_absolute_url() if proposal.panel else proposal.get_absolute_url())


@require_safe
def panel_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    panel = _panel_or_404(code)
    groups = exports.group_for_forum(selectors.panel_proposals(panel), session_of=lambda p: panel.title)
    if fmt == "xlsx":
        return exports.forum_xlsx(panel.title, groups)
    if fmt == "pdf":
        return exports.forum_pdf(request, panel.title, groups)
    raise Http404


@require_POST
def panel_create(request: HttpRequest) -> HttpResponse:
    """A moderator opens the panel of a programme item (from the event page's section)."""
    from birgemiz.events.models import Session
    from birgemiz.orgs.models import Organisation

    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    session = get_object_or_404(Session.objects.select_related("event"), pk=request.POST.get("session") or 0)
    addressee = Organisation.objects.filter(pk=request.POST.get("addressee") or 0).first()
    try:
        panel = services.panel_create(actor=request.user, addressee=addressee, session=session)
    except services.ProposalError as error:
        messages.error(request, error.messages[0])
        return redirect(session.event.get_absolute_url())
    return redirect(panel.get_absolute_url())


@require_safe
def event_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Everything an event collected, by programme item and sphere, for the next forum."""
    from birgemiz.events.models import Event

    event = get_object_or_404(Event, pk=pk)
    groups = exports.group_for_forum(
        selectors.event_proposals(event),
        session_of=lambda p: p.origin_session.title if p.origin_session_id else _("Other"),
    )
    if fmt == "xlsx":
        return exports.forum_xlsx(event.full_title, groups)
    if fmt == "pdf":
        return exports.forum_pdf(request, event.full_title, groups)
    raise Http404
