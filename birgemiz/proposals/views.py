"""Proposal pages: list, submit (with similar proposals while typing), the proposal page with
its timeline and the officials' answer form, supports, comments, follows, the dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from birgemiz.core import uploads
from birgemiz.geo import selectors as geo_selectors
from birgemiz.orgs import selectors as orgs_selectors
from birgemiz.proposals import exports, forms, limits, permissions, selectors, services
from birgemiz.proposals.models import Attachment, Comment, Proposal, ProposalEvent

PAGE_SIZE = 20


class CappedPaginator(Paginator):
    """Counts at most ``CAP`` rows: an exact count of 100,000 proposals costs more than the
    whole page, and nobody pages past the 500th page (the API serves bulk reads)."""

    CAP = 10_000
    capped = False

    def __init__(self, *args, known_count: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_count = known_count

    @cached_property
    def count(self) -> int:
        n = self.known_count
        if n is None:
            n = self.object_list.order_by().select_related(None).values("pk")[: self.CAP + 1].count()
        self.capped = n > self.CAP
        return min(n, self.CAP)


def _page(qs, number, *, known_count: int | None = None):
    page = CappedPaginator(qs, PAGE_SIZE, known_count=known_count).get_page(number)
    page.elided_range = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page


def _proposal_or_404(request: HttpRequest, pk: int) -> Proposal:
    try:
        proposal = selectors.proposal_get(pk)
    except Proposal.DoesNotExist as error:
        raise Http404("No such proposal") from error
    if not permissions.can_view(request.user, proposal):
        raise Http404("No such proposal")
    return proposal


def _apply_error(form, error: services.ProposalError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.messages[0])


def too_many(response: HttpResponse, action: str) -> HttpResponse:
    response.status_code = 429
    response["Retry-After"] = str(limits.retry_after(action))
    return response


#: What a person who went over an action's limit reads.
TOO_MANY = {
    "submit": _lazy("You have sent many proposals in a short while. Please wait a little and try again."),
    "comment": _lazy("You have written many comments in a short while. Please wait a little and try again."),
}


@require_safe
def proposal_list(request: HttpRequest) -> HttpResponse:
    form = forms.FilterForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.ProposalFilters()
    known = selectors.list_count(filters, CappedPaginator.CAP + 1)
    qs = selectors.proposal_list(filters, related=selectors.PAGE_RELATED)
    page = _page(qs, request.GET.get("page"), known_count=known)
    page.object_list = selectors.with_reference_objects(list(page.object_list))
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "form": form,
            "page": page,
            "query": filters.as_query(),
            # The filter form's HTML is cached: it depends on the query and on the lists drawn
            # into its selects (60+ options cost more to render than the proposals themselves).
            "form_key": "&".join(
                f"{k}={v}" for k, v in sorted(request.GET.items()) if k != "page"
            ) + f"|{geo_selectors.regions_version()}|{orgs_selectors.lists_version()}",
            "overdue_total": selectors.overdue_count(),
            "can_submit": permissions.can_submit(request.user),
            "unread": selectors.unread_notifications(request.user),
            "reported": selectors.reported_comments_count() if permissions.can_moderate(request.user) else 0,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_submit(request.user):
        messages.warning(request, _("Confirm your e-mail address to submit proposals."))
        return redirect("accounts:profile")
    initial = {"language": request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("ru", "kk", "en") else "ru"}
    if request.GET.get("to"):
        initial["addressee"] = forms.state_bodies().filter(slug=request.GET["to"]).first()
    form = forms.ProposalForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        user=request.user,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not limits.allow("submit", request):
            form.add_error(None, TOO_MANY["submit"])
            return too_many(render(request, "proposals/proposal_form.html", {"form": form}), "submit")
        try:
            proposal = services.proposal_submit(
                author=request.user, title=data["title"], text=data["text"], addressee=data["addressee"],
                region=data.get("region"), sphere=data.get("sphere"), on_behalf_of=data.get("on_behalf_of"),
                language=data["language"], attachments=data.get("attachments") or [],
            )  # fmt: skip
            messages.success(
                request, _("Your proposal is sent. The body must answer within 15 working days.")
            )
            return redirect(proposal.get_absolute_url())
        except services.ProposalError as error:
            _apply_error(form, error)
    return render(request, "proposals/proposal_form.html", {"form": form}, status=400 if form.errors else 200)


@require_safe
def proposal_similar(request: HttpRequest) -> HttpResponse:
    """The htmx fragment under the title field: up to five proposals that say the same."""
    if not limits.allow("similar", request):
        # htmx leaves the box as it was on an error answer; the person just keeps typing.
        return too_many(
            HttpResponse(_("Too many look-ups; wait a little."), content_type="text/plain"), "similar"
        )
    text = request.GET.get("title", "")[:300]
    exclude = request.GET.get("exclude")
    found = selectors.similar_proposals(
        text, exclude_id=int(exclude) if exclude and exclude.isdigit() else None
    )
    return render(request, "proposals/partials/similar.html", {"similar": found})


def _file_response(request: HttpRequest, proposal: Proposal, field, name: str) -> FileResponse:
    """A proposal's file for whoever may see the proposal, shown in the browser as the type its
    first bytes showed at upload (the stored name's extension says it), never as what the name
    a person gave it claims (``x.html``), in a sandbox that runs nothing."""
    if not field or not permissions.can_view(request.user, proposal):
        raise Http404
    try:
        opened = field.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(opened, content_type=uploads.content_type_of(field.name))
    filename = name or field.name.rsplit("/", 1)[-1]
    response.headers["Content-Disposition"] = content_disposition_header(False, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-cache"  # hiding a proposal hides its files at once
    return response


@require_safe
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(Attachment.objects.select_related("proposal"), pk=pk)
    return _file_response(request, item.proposal, item.file, item.name)


@require_safe
def status_document(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(ProposalEvent.objects.select_related("proposal"), pk=pk)
    return _file_response(request, item.proposal, item.document, "")


@require_safe
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    user = request.user
    can_answer = permissions.can_answer(user, proposal)
    moderator = permissions.can_moderate(user)
    context = {
        "proposal": proposal,
        "events": list(proposal.events.all()),
        "comments": selectors.proposal_comments(proposal, include_hidden=moderator),
        "state": selectors.user_state(user, proposal),
        "can_edit": permissions.can_edit(user, proposal),
        "can_answer": can_answer,
        "can_extend": permissions.can_extend(user, proposal),
        "can_support": permissions.can_support(user, proposal),
        "can_comment": permissions.can_comment(user, proposal),
        "moderator": moderator,
        "overdue": proposal.is_overdue(),
    }
    if can_answer or (moderator and not proposal.is_final):
        context["status_form"] = forms.StatusForm(proposal=proposal, moderator=moderator, auto_id="status_%s")
    if context["can_extend"]:
        context["extend_form"] = forms.ReasonForm()
    if moderator:
        context["duplicates"] = selectors.likely_duplicates(proposal)
        context["hide_form"] = forms.ReasonForm()
    if context["can_comment"]:
        context["comment_form"] = forms.CommentForm(auto_id="comment_%s")
    return render(request, "proposals/proposal_detail.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal, pk=pk)
    if not permissions.can_edit(request.user, proposal):
        raise PermissionDenied
    initial = {
        "title": proposal.title,
        "text": proposal.text,
        "sphere": proposal.sphere,
        "language": proposal.language,
    }
    form = forms.ProposalForm(
        request.POST if request.method == "POST" else None, user=request.user, edit=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_edit(
                actor=request.user, proposal=proposal, title=data["title"], text=data["text"],
                sphere=data.get("sphere"), language=data["language"],
            )  # fmt: skip
            messages.success(request, _("The proposal is saved."))
            return redirect(proposal.get_absolute_url())
        except services.ProposalError as error:
            _apply_error(form, error)
    return render(
        request,
        "proposals/proposal_form.html",
        {"form": form, "proposal": proposal},
        status=400 if form.errors else 200,
    )


def _fail(request: HttpRequest, proposal: Proposal, error: services.ProposalError) -> HttpResponse:
    if error.code == "forbidden":
        raise PermissionDenied
    messages.error(request, error.messages[0])
    return redirect(proposal.get_absolute_url())


@login_required
@require_POST
def proposal_status(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal, pk=pk)
    moderator = permissions.can_moderate(request.user)
    if not (permissions.can_answer(request.user, proposal) or moderator):
        raise PermissionDenied
    form = forms.StatusForm(request.POST, request.FILES, proposal=proposal, moderator=moderator)
    if not form.is_valid():
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        return redirect(proposal.get_absolute_url())
    data = form.cleaned_data
    try:
        services.proposal_change_status(
            actor=request.user, proposal=proposal, to_status=data["to_status"], text=data["text"],
            document=data.get("document"), forward_to=data.get("forward_to"),
            forward_up=data.get("forward_up") or "",
        )  # fmt: skip
    except services.ProposalError as error:
        return _fail(request, proposal, error)
    messages.success(request, _("The status is changed; the author and followers are told."))
    return redirect(proposal.get_absolute_url())


@login_required
@require_POST
def proposal_extend(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal, pk=pk)
    if not permissions.can_answer(request.user, proposal):
        raise PermissionDenied
    try:
        services.proposal_extend(actor=request.user, proposal=proposal, text=request.POST.get("text", ""))
    except services.ProposalError as error:
        return _fail(request, proposal, error)
    messages.success(request, _("The deadline is extended."))
    return redirect(proposal.get_absolute_url())


@login_required
@require_POST
def proposal_hide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal, pk=pk)
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    try:
        if request.POST.get("show"):
            services.proposal_show(actor=request.user, proposal=proposal)
        else:
            services.proposal_hide(actor=request.user, proposal=proposal, reason=request.POST.get("text", ""))
    except services.ProposalError as error:
        return _fail(request, proposal, error)
    return redirect(proposal.get_absolute_url())


@login_required
@require_POST
def proposal_support(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal, pk=pk, hidden_at__isnull=True)
    try:
        if request.POST.get("withdraw"):
            services.support_remove(user=request.user, proposal=proposal)
        else:
            services.support_add(user=request.user, proposal=proposal)
    except services.ProposalError as error:
        if error.code not in ("already_supported", "not_supported"):
            messages.error(request, error.messages[0])
    if request.htmx:
        proposal.refresh_from_db(fields=["supports"])
        return render(
            request,
            "proposals/partials/support.html",
            {
                "proposal": proposal,
                "state": selectors.user_state(request.user, proposal),
                "can_support": True,
            },
        )
    return redirect(proposal.get_absolute_url())


@login_required
@require_POST
def proposal_follow(request: HttpRequest, pk: int) -> HttpResponse:
    # A hidden proposal is not there for whoever may not see it: following it would mail its
    # title and answers to them.
    proposal = _proposal_or_404(request, pk)
    try:
        if request.POST.get("unfollow"):
            services.unfollow(user=request.user, proposal=proposal)
        else:
            services.follow(user=request.user, proposal=proposal)
    except services.ProposalError as error:
        if error.code == "not_found":
            raise Http404("No such proposal") from error
        return _fail(request, proposal, error)
    return redirect(proposal.get_absolute_url())


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal, pk=pk)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        if not limits.allow("comment", request):
            page = render(
                request, "proposals/rate_limited.html", {"message": TOO_MANY["comment"], "back": proposal}
            )
            return too_many(page, "comment")
        parent_id = form.cleaned_data.get("parent")
        parent = Comment.objects.filter(pk=parent_id, proposal=proposal).first() if parent_id else None
        try:
            services.comment_add(
                author=request.user, proposal=proposal, text=form.cleaned_data["text"], parent=parent
            )
        except services.ProposalError as error:
            return _fail(request, proposal, error)
    return redirect(proposal.get_absolute_url() + "#comments")


@login_required
@require_POST
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk)
    try:
        if request.POST.get("moderate"):
            services.comment_moderate(
                actor=request.user, comment=comment, hidden=request.POST["moderate"] == "hide"
            )
        else:
            services.comment_report(user=request.user, comment=comment, reason=request.POST.get("reason", ""))
            messages.success(request, _("Thank you: a moderator will look at this comment."))
    except services.ProposalError as error:
        return _fail(request, comment.proposal, error)
    if request.POST.get("from_queue"):
        return redirect("proposals:comment_queue")
    return redirect(comment.proposal.get_absolute_url() + "#comments")


@never_cache
@login_required
@require_safe
def comment_queue(request: HttpRequest) -> HttpResponse:
    """Reported comments waiting for a moderator: hide one, or keep it (its reports are cleared)."""
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    return render(request, "proposals/comment_queue.html", {"comments": selectors.reported_comments()})


@require_safe
def section(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The real section another module's page asked for (its placeholder fetches this)."""
    from django.apps import apps

    from birgemiz.proposals.sections import KINDS

    if kind not in KINDS:
        raise Http404
    info, label, context_of, template = KINDS[kind]
    subject = get_object_or_404(apps.get_model(label), pk=pk)
    context = context_of(request, subject)
    if context is None:
        return HttpResponse("")
    return render(request, template, {**context, "section": info})


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    form = forms.PeriodForm(request.GET or None)
    period = form.period()
    board = selectors.dashboard_cached(**period)
    return render(request, "proposals/dashboard.html", {"form": form, "board": board, "period": period})


@require_safe
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form = forms.PeriodForm(request.GET or None)
    board = selectors.dashboard_cached(**form.period())
    if fmt == "csv":
        return exports.dashboard_csv(board)
    if fmt == "xlsx":
        return exports.dashboard_xlsx(board)
    raise Http404


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """The person's notices; reading the page changes nothing (a prefetch or a link checker may
    open it), the button marks them read (a plain form, no JavaScript needed)."""
    from birgemiz.proposals.models import Notification

    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        return redirect("proposals:notifications")
    items = list(Notification.objects.filter(user=request.user).select_related("proposal")[:50])
    # Notices from before a proposal was hidden do not show it to whoever may no longer see it.
    items = [n for n in items if permissions.can_view(request.user, n.proposal)]
    unread = selectors.unread_notifications(request.user)
    return render(request, "proposals/notifications.html", {"items": items, "unread": unread})
