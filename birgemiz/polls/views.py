"""Poll pages: thin — identify the voter, check permission, call a service, render."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_GET, require_POST

from birgemiz.core.ratelimit import hit_request
from birgemiz.core.spreadsheets import safe_row
from birgemiz.geo import selectors as geo
from birgemiz.polls import permissions, selectors, services
from birgemiz.polls.choices import PollMode, PollStatus
from birgemiz.polls.forms import PollEditForm, PollForm
from birgemiz.polls.models import Poll
from birgemiz.polls.voters import (
    known_voter_key,
    refuse_foreign_request,
    remember_voter,
    voter_key_for_vote,
)

#: Answers in voters' own words listed on the poll's page (all of them are in the CSV export).
OTHER_ANSWERS_SHOWN = 200


def _poll_or_404(request: HttpRequest, pk: int) -> Poll:
    try:
        poll = selectors.poll_get(pk)
    except Poll.DoesNotExist:
        raise Http404 from None
    if poll.status == PollStatus.DRAFT and not permissions.can_manage_poll(request.user, poll):
        raise Http404
    return poll


def widget_context(request: HttpRequest, poll: Poll, *, error: str = "", just_voted: bool = False) -> dict:
    """What the widget shows this visitor: the form, their vote counted, the results."""
    key = known_voter_key(request)
    voted = just_voted or services.has_voted(poll, key)
    can_vote = poll.is_open() and (not voted or (poll.allow_change and poll.mode == PollMode.VERIFIED))
    needs_account = poll.mode == PollMode.VERIFIED and not (
        request.user.is_authenticated and request.user.is_verified
    )
    show = permissions.can_see_results(request.user, poll, has_voted=voted)
    return {
        "poll": poll,
        "voted": voted,
        "can_vote": can_vote and not needs_account,
        "needs_account": needs_account and poll.is_open(),
        "results": selectors.results(poll) if show else None,
        "error": error,
        "next": request.GET.get("next") or request.get_full_path(),
        "not_started": poll.status == PollStatus.OPEN and not poll.is_open() and not poll.is_over(),
    }


def poll_list(request: HttpRequest) -> HttpResponse:
    region = request.GET.get("region", "")
    status = request.GET.get("status", "")
    page = Paginator(selectors.poll_list(region=region, status=status), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "polls/poll_list.html",
        {
            "page": page,
            "regions": geo.region_list(),
            "region": region,
            "status": status,
            "statuses": [
                (PollStatus.OPEN, PollStatus.OPEN.label),
                (PollStatus.CLOSED, PollStatus.CLOSED.label),
            ],
            "can_create": permissions.can_create_poll(request.user),
        },
    )


def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _poll_or_404(request, pk)
    context = widget_context(request, poll)
    context["next"] = poll.get_absolute_url()
    context["in_page"] = True  # the page shows the live results itself, under the voting block
    context["can_manage"] = permissions.can_manage_poll(request.user, poll)
    context["transitions"] = sorted(services.TRANSITIONS[poll.status]) if context["can_manage"] else []
    context["by_region"] = selectors.results_by_region(poll) if context["results"] else []
    context["min_group"] = selectors.MIN_GROUP
    if permissions.can_see_other_answers(request.user, poll):
        context["other_answers"] = selectors.other_answers(poll, limit=OTHER_ANSWERS_SHOWN)
    return render(request, "polls/poll_detail.html", context)


@require_GET
def poll_widget(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _poll_or_404(request, pk)
    return render(request, "polls/partials/widget.html", widget_context(request, poll))


def _safe_next(request: HttpRequest, poll: Poll) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return poll.get_absolute_url()


@require_POST
def poll_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """Vote in place (htmx: the widget comes back) or by a plain form (redirect back)."""
    poll = _poll_or_404(request, pk)
    try:
        refuse_foreign_request(request, json_body=False)
    except services.PollError as error:
        response = HttpResponse(
            error.messages[0], status=error.status, content_type="text/plain; charset=utf-8"
        )
        response["X-Error-Code"] = error.code
        return response
    token = None
    try:
        if poll.mode == PollMode.OPEN and not hit_request("poll_vote", request):
            raise services.PollError(
                _("Too many votes from your network address. Try again in a minute."), "rate_limited"
            )
        key, token = voter_key_for_vote(request)
        answer_ids = [int(v) for v in request.POST.getlist("choice") if v.isdigit()]
        if len(answer_ids) != len(request.POST.getlist("choice")):
            raise services.PollError(_("This answer is not one of the poll's answers."), "unknown_choice")
        result = services.vote_cast(
            poll=poll,
            voter_key=key,
            user=request.user,
            answer_ids=answer_ids,
            other_text=request.POST.get("other", ""),
        )
    except ValidationError as error:
        message = " ".join(error.messages)
        if request.htmx:
            return render(request, "polls/partials/widget.html", widget_context(request, poll, error=message))
        messages.error(request, message)
        return redirect(_safe_next(request, poll))
    selectors.forget_counts(poll)
    done = _("Your vote is changed.") if result.changed else _("Thank you, your vote is counted.")
    if request.htmx:
        context = widget_context(request, poll, just_voted=True)
        context["in_page"] = request.POST.get("in_page") == "1"
        context["done"] = done
        response = render(request, "polls/partials/widget.html", context)
        if context["in_page"]:
            # The poll's page shows the results in a section of its own, which was empty when the
            # results are shown only after voting: it comes along, swapped in by its id.
            context["oob"] = True
            context["by_region"] = selectors.results_by_region(poll) if context["results"] else []
            context["min_group"] = selectors.MIN_GROUP
            response.write(render_to_string("polls/partials/results_section.html", context, request=request))
    else:
        messages.success(request, done)
        response = redirect(_safe_next(request, poll))
    remember_voter(response, token)
    return response


def _results_etag(request: HttpRequest, pk: int) -> str | None:
    try:
        poll = Poll.objects.only(
            "id", "status", "results_visibility", "opens_at", "closes_at", "author_id"
        ).get(pk=pk)
    except Poll.DoesNotExist:
        return None
    voted = services.has_voted(poll, known_voter_key(request))
    visible = permissions.can_see_results(request.user, poll, has_voted=voted)
    return selectors.results_etag(poll, visible=visible)


@require_GET
@condition(etag_func=_results_etag)
def poll_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The live results fragment: htmx asks every few seconds; unchanged figures answer 304."""
    poll = _poll_or_404(request, pk)
    context = widget_context(request, poll)
    response = render(request, "polls/partials/results.html", {**context, "live": poll.is_open()})
    response["Cache-Control"] = "private, no-cache"
    return response


@require_GET
def poll_results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _poll_or_404(request, pk)
    context = widget_context(request, poll)
    if context["results"] is None:
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}-results.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 Cyrillic and Kazakh correctly with a BOM
    writer = csv.writer(response)
    writer.writerow([_("Answer"), _("Votes"), _("Percent")])
    for row in context["results"].rows:
        writer.writerow(safe_row([row.answer.text, row.count, row.percent]))
    writer.writerow([_("Voters"), context["results"].voters, ""])
    if by_region := selectors.results_by_region(poll):
        writer.writerow([])
        writer.writerow(
            safe_row([_("Region"), *(r.answer.text for r in context["results"].rows), _("Voters")])
        )
        for region in by_region:
            figures = [""] * len(context["results"].rows) + [region.hidden_label]
            if not region.hidden:
                figures = [*region.counts, region.voters]
            writer.writerow(safe_row([region.name, *figures]))
    if permissions.can_see_other_answers(request.user, poll) and poll.allow_other:
        writer.writerow([])
        writer.writerow([_("Answer in the voter's own words"), _("Votes"), ""])
        for text, n in selectors.other_answers(poll):
            writer.writerow(safe_row([text, n, ""]))
    return response


@login_required
def poll_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_poll(request.user):
        raise PermissionDenied
    form = PollForm(request.POST or None)
    if poll := _save_poll(request, form, services.poll_create, author=request.user):
        return redirect(poll)
    return render(request, "polls/poll_form.html", {"form": form})


def _save_poll(request: HttpRequest, form, save, **who):
    """The poll ``save`` (a service) returns, or None: the form is unbound (a GET) or carries the
    refusals on its fields."""
    if not form.is_valid():
        return None
    answers = form.answers()  # adds its own errors to the form
    if not form.is_valid():
        return None
    try:
        poll = save(data=form.data_for_service(), answers=answers, **who)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None
    messages.success(request, _("The poll is saved."))
    return poll


@login_required
def poll_edit(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _poll_or_404(request, pk)
    if not permissions.can_manage_poll(request.user, poll) or poll.status == PollStatus.ARCHIVED:
        raise PermissionDenied
    form = PollEditForm(request.POST or None, instance=poll)
    if _save_poll(request, form, services.poll_update, actor=request.user, poll=poll):
        return redirect(poll)
    voted = poll.votes.exists()
    return render(request, "polls/poll_form.html", {"form": form, "poll": poll, "voted": voted})


@login_required
@require_POST
def poll_status(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _poll_or_404(request, pk)
    if not permissions.can_manage_poll(request.user, poll):
        raise PermissionDenied
    try:
        services.poll_set_status(actor=request.user, poll=poll, status=request.POST.get("status", ""))
    except (ValidationError, KeyError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [_("This change is not possible.")])))
    else:
        selectors.forget_counts(poll)
        messages.success(request, _("The poll's status is changed."))
    return redirect(poll)
