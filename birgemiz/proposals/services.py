"""Every write about proposals. The pages, the API, the panel and the demo loader call these."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from birgemiz.core import uploads
from birgemiz.core.audit import audit
from birgemiz.orgs.choices import OrgKind
from birgemiz.orgs.models import Organisation
from birgemiz.proposals import deadlines, permissions
from birgemiz.proposals.choices import ANSWERING, EventKind, ForwardUp, Origin, Status, allowed
from birgemiz.proposals.models import (
    Attachment,
    Comment,
    CommentReport,
    Follow,
    Panel,
    Proposal,
    ProposalEvent,
    Support,
)

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
#: What the first bytes must show; the file's extension and the browser's word are not trusted.
ATTACHMENT_TYPES = ("application/pdf", "image/png", "image/jpeg")


class ProposalError(ValidationError):
    """A rule was broken; ``code`` is the API's error code (``not_verified``, ``answer_required``…)."""

    def __init__(self, message, code: str, field: str | None = None):
        super().__init__(message, code=code)
        self.field = field


def _sniff(upload: UploadedFile) -> str:
    """The file's real type (by its first bytes); it is stored under that type's extension."""
    content_type = uploads.sniff(upload)
    if content_type not in ATTACHMENT_TYPES:
        raise ProposalError(_("Attach a PDF, PNG or JPEG file."), code="invalid_file", field="attachments")
    uploads.name_by_content(upload, content_type)
    return content_type


def check_attachments(files: Iterable[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    files = [f for f in files if f]
    if len(files) > MAX_ATTACHMENTS:
        raise ProposalError(
            _("Attach at most %(n)d files.") % {"n": MAX_ATTACHMENTS},
            code="invalid_file",
            field="attachments",
        )
    checked = []
    for upload in files:
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise ProposalError(_("A file may be at most 5 MB."), code="invalid_file", field="attachments")
        content_type = _sniff(upload)
        if content_type.startswith("image/"):
            try:
                upload = uploads.without_metadata(upload, content_type)
            except uploads.PictureTooLarge as error:
                too_large = _("The image is too large: at most 40 megapixels.")
                raise ProposalError(too_large, code="invalid_file", field="attachments") from error
            except (OSError, ValueError, SyntaxError) as error:
                raise ProposalError(
                    _("Attach a PDF, PNG or JPEG file."), code="invalid_file", field="attachments"
                ) from error
        checked.append((upload, content_type))
    return checked


def _check_fields(*, title: str, text: str, addressee: Organisation | None, min_text: int = 10) -> None:
    if not (title or "").strip():
        raise ProposalError(_("Give the proposal a title."), code="invalid", field="title")
    if len((text or "").strip()) < min_text:
        raise ProposalError(_("Describe the proposal in a few sentences."), code="invalid", field="text")
    if addressee is None or addressee.kind != OrgKind.STATE_BODY:
        raise ProposalError(_("Choose a state body to address."), code="invalid", field="addressee")


def _embed_later(proposal: Proposal) -> None:
    from birgemiz.proposals.tasks import embed_proposal

    pk = proposal.pk
    transaction.on_commit(lambda: embed_proposal.enqueue(proposal_id=pk))


@transaction.atomic
def proposal_submit(
    *,
    author,
    title: str,
    text: str,
    addressee: Organisation,
    region=None,
    sphere=None,
    on_behalf_of: Organisation | None = None,
    language: str = "ru",
    attachments: Iterable[UploadedFile] = (),
    origin: str = Origin.ONLINE,
    panel: Panel | None = None,
    extra: dict[str, Any] | None = None,
) -> Proposal:
    """A verified person addresses a proposal to a state body; the legal clock starts today.

    At an open interactive panel a delegate in the room who has just registered (e-mail not yet
    confirmed) may submit too: they are present and named, and moderators watch the wall.
    ``extra`` sets fields other modules' links (the event and session it was collected at).
    """
    if panel is not None:
        if not panel.is_open:
            raise ProposalError(_("This panel no longer accepts proposals."), code="closed")
        if not permissions.can_submit_at_panel(author):
            raise ProposalError(_("Sign in or register to submit."), code="not_authenticated")
        addressee, region, origin = panel.addressee, panel.region, Origin.EVENT
        text = (text or "").strip() or title
        extra = {**panel_origin(panel), **(extra or {})}
    elif not permissions.can_submit(author):
        raise ProposalError(_("Confirm your e-mail address to submit proposals."), code="not_verified")
    if on_behalf_of is not None and not permissions.can_submit_for(author, on_behalf_of):
        raise ProposalError(
            _("You can submit on behalf of an NGO only when you are its confirmed member."),
            code="forbidden",
            field="on_behalf_of",
        )
    # A panel's card may be one line: the delegate writes it standing in the hall.
    _check_fields(title=title, text=text, addressee=addressee, min_text=1 if panel else 10)
    region = region or addressee.region
    if region is None:
        raise ProposalError(_("Choose the region."), code="invalid", field="region")
    files = check_attachments(attachments)
    today = timezone.localdate()
    proposal = Proposal.objects.create(
        title=title.strip(), text=text.strip(), addressee=addressee, region=region, sphere=sphere,
        author=author, on_behalf_of=on_behalf_of, language=language, origin=origin,
        clock_started_on=today, due_at=deadlines.first_answer_due(today), panel=panel, **(extra or {}),
    )  # fmt: skip
    for upload, content_type in files:
        Attachment.objects.create(
            proposal=proposal,
            file=upload,
            name=(getattr(upload, "original_name", None) or upload.name)[:120],
            size=upload.size,
            content_type=content_type,
        )
    ProposalEvent.objects.create(
        proposal=proposal, kind=EventKind.SUBMITTED, actor=author, body=addressee,
        to_status=Status.RECEIVED, due_at=proposal.due_at, created_at=proposal.created_at,
    )  # fmt: skip
    Follow.objects.create(proposal=proposal, user=author)
    audit(actor=author, action="proposals.submit", target=proposal)
    _regions_changed()
    _embed_later(proposal)
    return proposal


@transaction.atomic
def proposal_edit(
    *, actor, proposal: Proposal, title: str, text: str, sphere=None, language: str | None = None
) -> Proposal:
    """The author corrects the proposal while it is still only "received"."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not permissions.can_edit(actor, proposal):
        raise ProposalError(
            _("Only the author may edit a proposal, until the body acts on it."), code="forbidden"
        )
    _check_fields(title=title, text=text, addressee=proposal.addressee)
    proposal.title, proposal.text, proposal.sphere = title.strip(), text.strip(), sphere
    if language:
        proposal.language = language
    proposal.embedding = None
    proposal.save(update_fields=["title", "text", "sphere", "language", "embedding"])
    audit(actor=actor, action="proposals.edit", target=proposal)
    transaction.on_commit(_dashboard_changed)  # the sphere and title filters' counts
    _embed_later(proposal)
    return proposal


def _notify_later(event: ProposalEvent) -> None:
    from birgemiz.proposals.tasks import notify_proposal_event

    pk = event.pk
    transaction.on_commit(lambda: notify_proposal_event.enqueue(event_id=pk))


@transaction.atomic
def proposal_change_status(
    *,
    actor,
    proposal: Proposal,
    to_status: str,
    text: str,
    document: UploadedFile | None = None,
    forward_to: Organisation | None = None,
    forward_up: str = "",
) -> ProposalEvent:
    """Move a proposal along the table in ``choices.TRANSITIONS``, with a public text.

    Officials of the addressed body answer, accept, reject or forward to another body (which
    restarts the legal clock); a moderator forwards up to the Civil Forum or a working group.
    Writes a timeline row and the audit log; the author and followers are told by a task.
    """
    proposal = Proposal.objects.select_for_update().select_related("addressee").get(pk=proposal.pk)
    from_status = proposal.status
    # Who asks comes first: an outsider learns nothing about the table or the text rules.
    if not permissions.can_change_status(actor, proposal):
        raise ProposalError(_("Only officials of the addressed body may do this."), code="forbidden")
    if not allowed(from_status, to_status):
        raise ProposalError(
            _("A proposal cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": Status(from_status).label,
                "to": Status(to_status).label if to_status in Status.values else to_status,
            },
            code="transition_not_allowed",
        )
    if not (text or "").strip():
        raise ProposalError(_("Write the public answer or reason."), code="answer_required", field="text")
    if to_status == Status.FORWARDED:
        if bool(forward_to) == bool(forward_up):
            raise ProposalError(
                _("Choose one: another state body, or the Civil Forum or a working group."),
                code="invalid",
                field="forward_to",
            )
        if forward_up:
            if forward_up not in ForwardUp.values:
                raise ProposalError(_("Unknown destination."), code="invalid", field="forward_up")
            if not permissions.can_forward_up(actor, proposal):
                raise ProposalError(_("Only a moderator forwards proposals up."), code="forbidden")
        else:
            if forward_to.kind != OrgKind.STATE_BODY or forward_to.pk == proposal.addressee_id:
                raise ProposalError(_("Choose another state body."), code="invalid", field="forward_to")
            if not (permissions.can_answer(actor, proposal) or permissions.can_moderate(actor)):
                raise ProposalError(_("Only officials of the addressed body may do this."), code="forbidden")
    elif not permissions.can_answer(actor, proposal):
        raise ProposalError(_("Only officials of the addressed body may do this."), code="forbidden")
    if document is not None:
        ((document, _type),) = check_attachments([document])

    now = timezone.now()
    fields = ["status", "status_changed_at"]
    body = proposal.addressee
    proposal.status, proposal.status_changed_at = to_status, now
    if forward_to is not None:
        # Sent on to the competent body: it gets its own 15 working days from today.
        proposal.addressee = forward_to
        proposal.clock_started_on = timezone.localdate()
        proposal.due_at = deadlines.first_answer_due(proposal.clock_started_on)
        proposal.extended = False
        proposal.forwarded_up = ""
        fields += ["addressee", "clock_started_on", "due_at", "extended", "forwarded_up"]
    elif forward_up:
        proposal.forwarded_up = forward_up
        fields.append("forwarded_up")
    if to_status in ANSWERING and proposal.first_answered_at is None:
        proposal.first_answered_at = now
        proposal.due_at = None
        fields += ["first_answered_at", "due_at"]
    proposal.save(update_fields=fields)
    event = ProposalEvent.objects.create(
        proposal=proposal, kind=EventKind.STATUS, actor=actor, body=body, created_at=now,
        from_status=from_status, to_status=to_status, forwarded_to=forward_to, forwarded_up=forward_up or "",
        text=text.strip(), document=document or "", due_at=proposal.due_at,
    )  # fmt: skip
    audit(
        actor=actor, action="proposals.status", target=proposal, from_status=from_status, to_status=to_status,
        forward_to=forward_to.pk if forward_to else None, forward_up=forward_up or None,
    )  # fmt: skip
    _notify_later(event)
    transaction.on_commit(_dashboard_changed)
    return event


def _dashboard_changed() -> None:
    from birgemiz.proposals.selectors import dashboard_changed

    dashboard_changed()


@transaction.atomic
def proposal_extend(*, actor, proposal: Proposal, text: str) -> ProposalEvent:
    """Once, before the deadline passes, with a reasoned public note: the first answer becomes
    due 2 months after receipt (the next working day if that is a day off)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not permissions.can_answer(actor, proposal):
        raise ProposalError(_("Only officials of the addressed body may do this."), code="forbidden")
    if proposal.extended or proposal.due_at is None:
        raise ProposalError(
            _("The deadline can be extended only once, before the answer."), code="not_allowed"
        )
    if proposal.is_overdue():
        # Extending now would wipe out, after the fact, that the body did not answer in time.
        raise ProposalError(
            _("The deadline has already passed; it can no longer be extended."), code="not_allowed"
        )
    if not (text or "").strip():
        raise ProposalError(_("Give the reason for the extension."), code="answer_required", field="text")
    proposal.extended = True
    proposal.due_at = deadlines.extended_due(proposal.clock_started_on)
    proposal.save(update_fields=["extended", "due_at"])
    event = ProposalEvent.objects.create(
        proposal=proposal, kind=EventKind.EXTENDED, actor=actor, body_id=proposal.addressee_id,
        text=text.strip(), due_at=proposal.due_at, from_status=proposal.status, to_status=proposal.status,
    )  # fmt: skip
    audit(actor=actor, action="proposals.extend", target=proposal, due_at=str(proposal.due_at))
    transaction.on_commit(_dashboard_changed)
    _notify_later(event)
    return event


@transaction.atomic
def proposal_hide(*, actor, proposal: Proposal, reason: str) -> None:
    """A moderator hides a proposal from the public with a stated reason."""
    if not permissions.can_moderate(actor):
        raise ProposalError(_("Only moderators hide proposals."), code="forbidden")
    if not (reason or "").strip():
        raise ProposalError(_("Give the reason."), code="answer_required", field="reason")
    Proposal.objects.filter(pk=proposal.pk).update(
        hidden_at=timezone.now(), hidden_reason=reason.strip()[:300], hidden_by=actor
    )
    ProposalEvent.objects.create(proposal=proposal, kind=EventKind.HIDDEN, actor=actor, text=reason.strip())
    audit(actor=actor, action="proposals.hide", target=proposal, reason=reason)
    _similarity_changed()


@transaction.atomic
def proposal_show(*, actor, proposal: Proposal) -> None:
    if not permissions.can_moderate(actor):
        raise ProposalError(_("Only moderators hide proposals."), code="forbidden")
    Proposal.objects.filter(pk=proposal.pk).update(hidden_at=None, hidden_reason="", hidden_by=None)
    ProposalEvent.objects.create(proposal=proposal, kind=EventKind.SHOWN, actor=actor)
    audit(actor=actor, action="proposals.show", target=proposal)
    _similarity_changed()


@transaction.atomic
def proposal_set_on_wall(*, actor, proposal: Proposal, shown: bool) -> None:
    """A moderator takes a proposal off the projector wall (it stays on the site)."""
    if not permissions.can_moderate(actor):
        raise ProposalError(_("Only moderators manage the wall."), code="forbidden")
    Proposal.objects.filter(pk=proposal.pk).update(off_wall=not shown)
    audit(actor=actor, action="proposals.wall", target=proposal, shown=shown)


def _similarity_changed() -> None:
    from birgemiz.proposals.selectors import similarity_index

    transaction.on_commit(similarity_index.invalidate)
    _regions_changed()


def _regions_changed() -> None:
    from birgemiz.proposals.selectors import dashboard_changed, regions_with_proposals

    transaction.on_commit(regions_with_proposals.invalidate)
    transaction.on_commit(dashboard_changed)


def support_add(*, user, proposal: Proposal) -> int:
    """One support per verified person. The count moves in the database (``supports + 1``), in
    the same transaction as the row, so any number of people at once leave it exact."""
    if not permissions.can_participate(user):
        raise ProposalError(_("Confirm your e-mail address to support proposals."), code="not_verified")
    if proposal.is_hidden:
        raise ProposalError(_("This proposal is hidden."), code="forbidden")
    try:
        with transaction.atomic():
            Support.objects.create(proposal=proposal, user=user)
            Proposal.objects.filter(pk=proposal.pk).update(supports=F("supports") + 1)
    except IntegrityError as error:
        raise ProposalError(_("You already support this proposal."), code="already_supported") from error
    return Proposal.objects.values_list("supports", flat=True).get(pk=proposal.pk)


def support_remove(*, user, proposal: Proposal) -> int:
    """Withdraw a support; the count goes down only if a row really went away."""
    if not permissions.is_signed_in(user):
        raise ProposalError(_("Sign in to support proposals."), code="not_authenticated")
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(proposal=proposal, user=user).delete()
        if deleted:
            Proposal.objects.filter(pk=proposal.pk).update(supports=F("supports") - 1)
    if not deleted:
        raise ProposalError(_("You do not support this proposal."), code="not_supported")
    return Proposal.objects.values_list("supports", flat=True).get(pk=proposal.pk)


#: A thread goes this many comments deep; a reply to the deepest joins its parent's replies.
MAX_COMMENT_DEPTH = 3


def _reply_parent(parent: Comment) -> Comment:
    """The comment a reply attaches to, refusing a hidden one (or one inside a hidden thread)."""
    ancestors, node = [], Comment.objects.select_related("parent__parent").get(pk=parent.pk)
    while node is not None:
        ancestors.append(node)
        node = node.parent
    if any(c.hidden for c in ancestors):
        raise ProposalError(_("You cannot reply to a hidden comment."), code="invalid", field="parent")
    # ancestors[0] is the parent at depth len(ancestors); keep the new comment at MAX_COMMENT_DEPTH.
    depth = len(ancestors)
    return ancestors[depth - (MAX_COMMENT_DEPTH - 1)] if depth >= MAX_COMMENT_DEPTH else ancestors[0]


@transaction.atomic
def comment_add(*, author, proposal: Proposal, text: str, parent: Comment | None = None) -> Comment:
    """A verified person comments, or replies within a thread at most ``MAX_COMMENT_DEPTH`` deep."""
    if not permissions.can_comment(author, proposal):
        raise ProposalError(_("Confirm your e-mail address to comment."), code="not_verified")
    if not (text or "").strip():
        raise ProposalError(_("Write the comment."), code="invalid", field="text")
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise ProposalError(_("Reply to a comment of this proposal."), code="invalid", field="parent")
        parent = _reply_parent(parent)
    comment = Comment.objects.create(proposal=proposal, author=author, text=text.strip(), parent=parent)
    Proposal.objects.filter(pk=proposal.pk).update(comments_count=F("comments_count") + 1)
    return comment


@transaction.atomic
def comment_report(*, user, comment: Comment, reason: str) -> None:
    """A verified person reports a comment; it goes to the moderators' queue
    (``selectors.reported_comments``) and stays visible until a moderator decides: reports
    alone never hide it, so a few accounts cannot silence someone."""
    if not permissions.can_report(user, comment):
        raise ProposalError(_("You cannot report this comment."), code="forbidden")
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, user=user, reason=(reason or "").strip()[:300])
    except IntegrityError as error:
        raise ProposalError(_("You already reported this comment."), code="already_reported") from error
    Comment.objects.filter(pk=comment.pk).update(reports=F("reports") + 1)


@transaction.atomic
def comment_moderate(*, actor, comment: Comment, hidden: bool) -> None:
    """A moderator hides a comment, or shows it (again) and so clears its reports from the queue.
    The proposal's public comment count follows only a real change."""
    if not permissions.can_moderate(actor):
        raise ProposalError(_("Only moderators do this."), code="forbidden")
    changed = Comment.objects.filter(pk=comment.pk, hidden=not hidden).update(hidden=hidden)
    if not hidden:
        Comment.objects.filter(pk=comment.pk).update(reports=0)
    if changed:
        counted = Proposal.objects.filter(pk=comment.proposal_id)
        if hidden:
            counted.filter(comments_count__gt=0).update(comments_count=F("comments_count") - 1)
        else:
            counted.update(comments_count=F("comments_count") + 1)
    audit(
        actor=actor,
        action="proposals.comment_hidden" if hidden else "proposals.comment_shown",
        target=comment,
    )


def follow(*, user, proposal: Proposal) -> None:
    """Be told of the proposal's answers; only about a proposal the person may see."""
    if not permissions.can_follow(user):
        raise ProposalError(_("Sign in to follow proposals."), code="not_authenticated")
    if not permissions.can_view(user, proposal):
        raise ProposalError(_("No such proposal."), code="not_found")
    Follow.objects.get_or_create(proposal=proposal, user=user)


def unfollow(*, user, proposal: Proposal) -> None:
    if not permissions.is_signed_in(user):
        raise ProposalError(_("Sign in to follow proposals."), code="not_authenticated")
    Follow.objects.filter(proposal=proposal, user=user).delete()


def notifications_mark_read(*, user) -> None:
    from birgemiz.proposals.models import Notification

    Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def panel_origin(panel: Panel) -> dict[str, Any]:
    """The event and session a panel's proposals were collected at."""
    if not panel.session_id:
        return {}
    return {"origin_event_id": panel.session.event_id, "origin_session_id": panel.session_id}


@transaction.atomic
def panel_create(*, actor, addressee: Organisation, title: str = "", region=None, session=None) -> Panel:
    """A moderator opens an interactive panel whose proposals go to ``addressee``; at an event,
    for a programme item that collects proposals (one panel per item)."""
    if not permissions.can_moderate(actor):
        raise ProposalError(_("Only moderators do this."), code="forbidden")
    if addressee is None or addressee.kind != OrgKind.STATE_BODY:
        raise ProposalError(_("Choose a state body to address."), code="invalid", field="addressee")
    if session is not None:
        if not session.collects_proposals:
            raise ProposalError(_("This programme item does not collect proposals."), code="invalid")
        if Panel.objects.filter(session=session).exists():
            raise ProposalError(_("This programme item already has a panel."), code="invalid")
        title = title or session.title
        region = region or session.event.region
    if not (title or "").strip():
        raise ProposalError(_("Give the panel a title."), code="invalid", field="title")
    panel = Panel.objects.create(
        title=title.strip(), addressee=addressee, region=region or addressee.region, session=session
    )
    audit(actor=actor, action="proposals.panel_create", target=panel)
    return panel


@transaction.atomic
def panel_set_open(*, actor, panel: Panel, is_open: bool) -> None:
    if not permissions.can_moderate(actor):
        raise ProposalError(_("Only moderators do this."), code="forbidden")
    Panel.objects.filter(pk=panel.pk).update(is_open=is_open)
    audit(actor=actor, action="proposals.panel_open" if is_open else "proposals.panel_close", target=panel)
