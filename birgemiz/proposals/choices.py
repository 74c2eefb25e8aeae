"""Statuses, their allowed transitions (the workflow as data), and the other kinds of proposals."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
    FORWARDED = "forwarded", _("Forwarded")
    ACCEPTED = "accepted", _("Accepted")
    IMPLEMENTED = "implemented", _("Implemented")
    ANSWERED = "answered", _("Answered with an explanation")
    REJECTED = "rejected", _("Rejected")


#: from → the statuses it may go to. ``docs/lifecycles/proposal.md`` shows the same table;
#: ``tests/test_workflow.py`` checks that they agree.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.RECEIVED: (
        Status.UNDER_CONSIDERATION, Status.FORWARDED, Status.ACCEPTED, Status.ANSWERED, Status.REJECTED,
    ),
    Status.UNDER_CONSIDERATION: (Status.FORWARDED, Status.ACCEPTED, Status.ANSWERED, Status.REJECTED),
    Status.FORWARDED: (
        Status.UNDER_CONSIDERATION, Status.FORWARDED, Status.ACCEPTED, Status.ANSWERED, Status.REJECTED,
    ),
    Status.ACCEPTED: (Status.IMPLEMENTED,),
    Status.IMPLEMENTED: (),
    Status.ANSWERED: (),
    Status.REJECTED: (),
}  # fmt: skip

#: A move to one of these is an answer on the merits: it stops the legal clock.
ANSWERING = (Status.ACCEPTED, Status.ANSWERED, Status.REJECTED)
#: The proposal is closed; nothing more is expected of the body.
FINAL = (Status.IMPLEMENTED, Status.ANSWERED, Status.REJECTED)


def allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, ())


class ForwardUp(models.TextChoices):
    """Where a moderator sends a proposal beyond the region's bodies."""

    CIVIL_FORUM = "civil_forum", _("The national Civil Forum")
    WORKING_GROUP = "working_group", _("A ministry working group")


class Origin(models.TextChoices):
    ONLINE = "online", _("Online")
    EVENT = "event", _("At an event")


class EventKind(models.TextChoices):
    """Rows of a proposal's timeline."""

    SUBMITTED = "submitted", _("Submitted")
    STATUS = "status", _("Status changed")
    EXTENDED = "extended", _("Deadline extended")
    HIDDEN = "hidden", _("Hidden by a moderator")
    SHOWN = "shown", _("Shown again")


class Language(models.TextChoices):
    RU = "ru", _("Russian")
    KK = "kk", _("Kazakh")
    EN = "en", _("English")


class NotificationKind(models.TextChoices):
    STATUS = "status", _("The status changed")
    EXTENDED = "extended", _("The deadline was extended")
    COMMENT = "comment", _("A new comment")


class Sort(models.TextChoices):
    NEWEST = "newest", _("Newest")
    SUPPORTED = "supported", _("Most supported")
    OLDEST_UNANSWERED = "unanswered", _("Oldest unanswered")
