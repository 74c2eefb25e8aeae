"""Background jobs: embeddings for similar proposals, notices to the author and followers."""

from __future__ import annotations

import logging

from django.db.models import Q
from django.utils import translation
from django_tasks import task

from birgemiz.accounts.emails import render_email

log = logging.getLogger(__name__)


@task()
def embed_proposal(*, proposal_id: int) -> None:
    """Compute the proposal's embedding off the request path; every process's index is then
    rebuilt on its next search (the version stamp moves)."""
    from birgemiz.proposals import similarity
    from birgemiz.proposals.models import Proposal
    from birgemiz.proposals.selectors import similarity_index

    row = Proposal.objects.filter(pk=proposal_id).values("title", "text").first()
    if row is None:
        return
    vector = similarity.embed_passage(f"{row['title']}\n{row['text']}")
    version = getattr(similarity, "EMBEDDING_VERSION", "")
    Proposal.objects.filter(pk=proposal_id).update(embedding=vector, embedding_version=version)
    similarity_index.invalidate()


@task()
def notify_proposal_event(*, event_id: int) -> None:
    """Tell the author and every follower, in the site and (if they wish) by e-mail, each in
    their own language."""
    from birgemiz.proposals.choices import EventKind, NotificationKind, Status
    from birgemiz.proposals.models import Follow, Notification, ProposalEvent

    event = ProposalEvent.objects.select_related("proposal", "actor").filter(pk=event_id).first()
    if event is None:
        return
    proposal = event.proposal
    kind = NotificationKind.EXTENDED if event.kind == EventKind.EXTENDED else NotificationKind.STATUS
    recipients = {f.user for f in Follow.objects.filter(Q(proposal=proposal)).select_related("user")} | {
        proposal.author
    }
    if proposal.is_hidden:
        # Hidden since they followed it: only those who may still see it hear of it.
        from birgemiz.proposals.permissions import can_view

        recipients = {u for u in recipients if can_view(u, proposal)}
    Notification.objects.bulk_create(
        Notification(user=u, proposal=proposal, kind=kind, text=event.text[:300]) for u in recipients
    )
    for user in recipients:
        if not (user.is_active and user.notify_by_email and user.email):
            continue
        with translation.override(user.preferred_language):
            status = str(Status(event.to_status).label) if event.to_status else ""
            due = event.due_at.isoformat() if event.due_at else ""
            url = proposal.get_absolute_url()
        render_email(
            "proposal_status" if kind == NotificationKind.STATUS else "proposal_extended",
            to=user.email,
            language=user.preferred_language,
            context={
                "title": proposal.title,
                "url": url,
                "status": status,
                "text": event.text,
                "due": due,
                "name": user.full_name,
            },
        ).send()
    log.info("notified %d people about proposal %s", len(recipients), proposal.pk)
