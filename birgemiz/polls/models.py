"""Polls, their answers, the votes, and the counters that results are read from.

Exactly-once is the database's job: ``Vote`` is unique on (poll, voter_key), where the key is
``u:<user id>`` for a signed-in voter or ``c:<token>`` from a signed browser cookie. Counts
live in ``AnswerCount``/``VoterCount`` shards: a vote increments one random shard, so two voters
rarely wait for the same row; results add the shards up. ``reconcile_poll_counts`` recomputes
them from the votes and reports any drift.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from birgemiz.core.i18n import localized
from birgemiz.polls.choices import ChoiceKind, PollMode, PollStatus, ResultsVisibility

#: Counter rows per answer (and per poll for voters). More shards, fewer waits, a longer sum.
SHARDS = 8


class Poll(models.Model):
    question_ru = models.CharField(_("question (Russian)"), max_length=300, blank=True)
    question_kk = models.CharField(_("question (Kazakh)"), max_length=300, blank=True)
    kind = models.CharField(
        _("answers"), max_length=10, choices=ChoiceKind.choices, default=ChoiceKind.SINGLE
    )
    max_choices = models.PositiveSmallIntegerField(_("at most this many answers"), default=1)
    allow_other = models.BooleanField(_("an “other” answer in the voter's words"), default=False)
    region = models.ForeignKey(
        "geo.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="polls",
        verbose_name=_("region"),
    )
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="polls", verbose_name=_("author")
    )
    mode = models.CharField(_("who may vote"), max_length=10, choices=PollMode.choices, default=PollMode.OPEN)
    region_only = models.BooleanField(_("only residents of the region"), default=False)
    allow_change = models.BooleanField(_("voters may change their vote until closing"), default=False)
    results_visibility = models.CharField(
        _("results shown"), max_length=12, choices=ResultsVisibility.choices, default=ResultsVisibility.ALWAYS
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PollStatus.choices, default=PollStatus.DRAFT
    )
    opens_at = models.DateTimeField(_("opens"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-opens_at", "-id"]
        indexes = [models.Index(fields=["status", "region", "-opens_at"], name="poll_status_region")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="poll_closes_after_opening",
                violation_error_message=_("The poll must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(max_choices__gte=1),
                name="poll_max_choices_positive",
                violation_error_message=_("The maximum must be between 1 and the number of answers."),
            ),
            models.CheckConstraint(
                condition=~Q(question_ru="") | ~Q(question_kk=""),
                name="poll_has_a_question",
                violation_error_message=_("Write the question in Russian or in Kazakh."),
            ),
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("polls:detail", args=[self.pk])

    @property
    def question(self) -> str:
        return localized(self, "question")

    @property
    def choice_limit(self) -> int:
        return 1 if self.kind == ChoiceKind.SINGLE else self.max_choices

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == PollStatus.OPEN and self.opens_at <= now < self.closes_at

    def is_over(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status in (PollStatus.CLOSED, PollStatus.ARCHIVED) or now >= self.closes_at

    def status_at(self, now=None) -> str:
        """The status the clock gives: an open poll past its closing time is closed, without
        anyone (or any cron) writing it. ``selectors.poll_list`` computes the same in SQL."""
        if self.status == PollStatus.OPEN and (now or timezone.now()) >= self.closes_at:
            return PollStatus.CLOSED
        return self.status

    @property
    def effective_status(self) -> str:
        # Set by the list query (the same rule in SQL), else computed here.
        return self.__dict__.get("status_now") or self.status_at()

    @property
    def effective_status_label(self) -> str:
        return PollStatus(self.effective_status).label


class Answer(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="answers")
    text_ru = models.CharField(_("answer (Russian)"), max_length=200, blank=True)
    text_kk = models.CharField(_("answer (Kazakh)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return localized(self, "text")


class Vote(models.Model):
    """One voter's vote. Every index is written by every vote, so there are only the ones a read
    needs: (poll, voter_key) serves the poll's votes too; user and region are indexed only where
    set (verified polls), for an account's deletion and results by region."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes", db_index=False)
    voter_key = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, db_index=False
    )
    #: The voter's region when they voted (verified polls), for results by region.
    region = models.ForeignKey(
        "geo.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    other_text = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "voter_key"], name="vote_once_per_voter")]
        indexes = [
            models.Index(fields=["user"], name="vote_user", condition=models.Q(user__isnull=False)),
            models.Index(fields=["region"], name="vote_region", condition=models.Q(region__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}:{self.voter_key}"


class VoteChoice(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="choices", db_index=False)
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "answer"], name="votechoice_once")]

    def __str__(self) -> str:
        return f"{self.vote_id}→{self.answer_id}"


class AnswerCount(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="shards", db_index=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="+", db_index=False)
    shard = models.PositiveSmallIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "shard"], name="answercount_shard")]
        indexes = [models.Index(fields=["poll"], name="answercount_poll")]

    def __str__(self) -> str:
        return f"{self.answer_id}#{self.shard}={self.n}"


class VoterCount(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voter_shards", db_index=False)
    shard = models.PositiveSmallIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "shard"], name="votercount_shard")]

    def __str__(self) -> str:
        return f"{self.poll_id}#{self.shard}={self.n}"
