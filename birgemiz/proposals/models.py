"""Proposals to state bodies, their public history, supports, comments, follows and notices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from birgemiz.core.uploads import private_storage, upload_path
from birgemiz.proposals.choices import (
    FINAL,
    EventKind,
    ForwardUp,
    Language,
    NotificationKind,
    Origin,
    Status,
)


def attachment_path(instance, filename: str) -> str:
    return upload_path("proposals/attachments", filename)


def document_path(instance, filename: str) -> str:
    return upload_path("proposals/documents", filename)


def panel_code() -> str:
    import secrets

    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes: the code is typed from a screen
    return "".join(secrets.choice(alphabet) for _ in range(6))


class Panel(models.Model):
    """An interactive panel: proposals collected live at an event, shown on a projector wall."""

    title = models.CharField(_("title"), max_length=200)
    code = models.SlugField(_("short code"), max_length=12, unique=True, default=panel_code)
    addressee = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("addressed to"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": "state_body"},
    )  # fmt: skip
    region = models.ForeignKey("geo.Region", verbose_name=_("region"), on_delete=models.PROTECT)
    is_open = models.BooleanField(_("accepting proposals"), default=True)
    #: The programme item of an event the panel runs at (one panel per session).
    session = models.OneToOneField(
        "events.Session", verbose_name=_("session"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="panel",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("interactive panel")
        verbose_name_plural = _("interactive panels")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:panel", kwargs={"code": self.code})


class Proposal(models.Model):
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=5000)
    sphere = models.ForeignKey(
        "orgs.Sphere", verbose_name=_("sphere"), null=True, blank=True, on_delete=models.PROTECT
    )
    region = models.ForeignKey("geo.Region", verbose_name=_("region"), on_delete=models.PROTECT)
    addressee = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="proposals_received",
        limit_choices_to={"kind": "state_body"},
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="proposals"
    )
    on_behalf_of = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals_made",
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.RU)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.ONLINE)
    origin_event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="proposals",
    )  # fmt: skip
    origin_session = models.ForeignKey(
        "events.Session", verbose_name=_("session"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="proposals",
    )  # fmt: skip
    panel = models.ForeignKey(
        Panel, verbose_name=_("interactive panel"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="proposals",
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    forwarded_up = models.CharField(
        _("forwarded up to"), max_length=20, choices=ForwardUp.choices, blank=True
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    #: When the current body's clock started: receipt, or the last forwarding to another body.
    clock_started_on = models.DateField(_("clock started"), default=timezone.localdate)
    #: The day the first answer is due; NULL once answered, so "overdue" is ``due_at < today``.
    due_at = models.DateField(_("answer due"), null=True, blank=True)
    extended = models.BooleanField(_("deadline extended"), default=False)
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    supports = models.PositiveIntegerField(_("supports"), default=0)
    comments_count = models.PositiveIntegerField(_("comments"), default=0)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Taken off the projector wall by a moderator (stays public on the site).
    off_wall = models.BooleanField(_("hidden from the wall"), default=False)
    #: Normalised float32 vector (``similarity.embed_passage``), written by a task.
    embedding = models.BinaryField(null=True, editable=False)
    #: ``similarity.EMBEDDING_VERSION`` of the stored vector: a refit changes it, and only
    #: vectors of the current version enter the index (``manage.py embed_proposals`` redoes the rest).
    embedding_version = models.CharField(max_length=40, blank=True, default="", editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="prop_newest"),
            models.Index(fields=["status", "-created_at"], name="prop_status_newest"),
            models.Index(fields=["-supports", "-id"], name="prop_supported"),
            models.Index(fields=["due_at"], name="prop_due", condition=Q(due_at__isnull=False)),
            models.Index(fields=["addressee", "-created_at"], name="prop_body_newest"),
            models.Index(fields=["region", "-created_at"], name="prop_region_newest"),
            models.Index(fields=["panel", "-id"], name="prop_panel_newest"),
            models.Index(fields=["origin_event", "-id"], name="prop_event_newest"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(supports__gte=0), name="prop_supports_not_negative"),
        ]
        permissions = [("moderate_proposal", "Can hide proposals and forward them up")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", kwargs={"pk": self.pk})

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_final(self) -> bool:
        return self.status in FINAL

    def is_overdue(self, today=None) -> bool:
        return self.due_at is not None and self.due_at < (today or timezone.localdate())


class Attachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    # Private: served by ``proposals:attachment`` to whoever may see the proposal (a hidden
    # proposal's files are hidden with it).
    file = models.FileField(_("file"), upload_to=attachment_path, storage=private_storage)
    name = models.CharField(_("name"), max_length=120)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=40)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class ProposalEvent(models.Model):
    """One row of the public timeline: who, when, from, to, the public text, a document."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices, blank=True)
    forwarded_to = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    forwarded_up = models.CharField(max_length=20, choices=ForwardUp.choices, blank=True)
    text = models.TextField(_("public text"), max_length=5000, blank=True)
    document = models.FileField(_("document"), upload_to=document_path, blank=True, storage=private_storage)
    due_at = models.DateField(_("answer due"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("proposal history row")
        verbose_name_plural = _("proposal history")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.kind} {self.to_status}"


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="support_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_person")]
        indexes = [models.Index(fields=["user", "proposal"], name="support_user")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class Follow(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="one_follow_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class Comment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    reports = models.PositiveIntegerField(default=0)
    hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            # The moderators' queue of reported comments.
            models.Index(
                fields=["-reports", "created_at"],
                name="comment_reported",
                condition=Q(reports__gt=0, hidden=False),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="report_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_report_per_person")]

    def __str__(self) -> str:
        return self.reason[:60]


class Notification(models.Model):
    """An in-app notice about a proposal the person wrote or follows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_notifications"
    )
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=NotificationKind.choices)
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notif_user_unread")]

    def __str__(self) -> str:
        return self.text[:60]
