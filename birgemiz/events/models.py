"""Events: civil forums, conferences, meetings; their programme, registrations and outcomes."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from birgemiz.core.i18n import localized
from birgemiz.core.models import TimeStampedModel
from birgemiz.core.uploads import upload_path
from birgemiz.events.choices import (
    EventFormat,
    EventKind,
    EventStatus,
    OrganiserRole,
    Participation,
    QuotaKind,
    RegStatus,
    SessionKind,
    SpeakerRole,
)

IMAGE_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]
http_url = URLValidator(
    schemes=["http", "https"], message=_("Enter a link that starts with http:// or https://.")
)


def to_roman(number: int) -> str:
    """12 → "XII"; the ordinal of an event in its series."""
    if number <= 0:
        return str(number)
    parts = []
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts)


class EventSeries(models.Model):
    """A recurring event: «областной форум НПО», «Гражданский форум Акмолинской области»."""

    slug = models.SlugField(_("address on the site"), max_length=80, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("event series")
        verbose_name_plural = _("event series")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


def cover_path(instance: Event, filename: str) -> str:
    return upload_path("events/covers", filename, stem=instance.slug)


class Event(TimeStampedModel):
    slug = models.SlugField(_("address on the site"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices, default=EventKind.FORUM)
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    ordinal = models.PositiveSmallIntegerField(
        _("number in the series"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    theme_ru = models.CharField(_("theme (Russian)"), max_length=300, blank=True)
    theme_kk = models.CharField(_("theme (Kazakh)"), max_length=300, blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True, max_length=10000)
    description_kk = models.TextField(_("description (Kazakh)"), blank=True, max_length=10000)
    region = models.ForeignKey(
        "geo.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT
    )
    city = models.ForeignKey(
        "geo.City", verbose_name=_("city"), null=True, blank=True, on_delete=models.PROTECT
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    format = models.CharField(
        _("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.OFFLINE
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.CharField(
        _("online link"),
        max_length=500,
        blank=True,
        validators=[http_url],
        help_text=_("Shown only to confirmed participants."),
    )
    cover = models.ImageField(
        _("cover image"),
        upload_to=cover_path,
        blank=True,
        validators=[FileExtensionValidator(IMAGE_EXTENSIONS)],
    )
    cover_credit = models.CharField(_("cover credit"), max_length=150, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    postponed_from = models.DateTimeField(
        _("originally planned for"), null=True, blank=True, help_text=_("Set when the event is postponed.")
    )
    status_note = models.CharField(_("note on the status"), max_length=300, blank=True)
    # Registration
    registration_open = models.BooleanField(_("registration is open"), default=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit. Beyond it people join the waiting list."),
    )
    requires_approval = models.BooleanField(_("organisers approve each registration"), default=False)
    ask_organisation = models.BooleanField(_("ask for the organisation"), default=True)
    ask_role = models.BooleanField(_("ask for the position or role"), default=True)
    extra_questions = models.TextField(
        _("more questions"), blank=True, max_length=2000, help_text=_("One question a line.")
    )
    # Outcomes
    resolution_ru = models.TextField(_("resolution (Russian)"), blank=True, max_length=20000)
    resolution_kk = models.TextField(_("resolution (Kazakh)"), blank=True, max_length=20000)
    recommendations_ru = models.TextField(_("recommendations (Russian)"), blank=True, max_length=20000)
    recommendations_kk = models.TextField(_("recommendations (Kazakh)"), blank=True, max_length=20000)
    organiser_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers (people)"),
        blank=True,
        related_name="organised_events",
        help_text=_("People who manage the event besides the organising organisations' leaders and editors."),
    )
    organisations = models.ManyToManyField(
        "orgs.Organisation", through="EventOrganiser", blank=True, related_name="events"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(condition=~Q(title_ru="", title_kk=""), name="event_has_a_title"),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["region", "status", "starts_at"]),
        ]

    def __str__(self) -> str:
        return self.full_title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def theme(self) -> str:
        return localized(self, "theme")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def resolution(self) -> str:
        return localized(self, "resolution")

    @property
    def recommendations(self) -> str:
        return localized(self, "recommendations")

    @property
    def ordinal_roman(self) -> str:
        return to_roman(self.ordinal) if self.ordinal else ""

    @property
    def full_title(self) -> str:
        """«XII областной форум НПО» when the event has a number, else its title."""
        if self.ordinal and self.title:
            return f"{self.ordinal_roman} {self.title}"
        return self.title

    @property
    def is_online(self) -> bool:
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @property
    def is_offline(self) -> bool:
        return self.format in (EventFormat.OFFLINE, EventFormat.HYBRID)

    @property
    def questions(self) -> list[str]:
        return [q.strip() for q in self.extra_questions.splitlines() if q.strip()]


class EventOrganiser(models.Model):
    """An organisation's part in an event: customer, executor, partner…"""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organisers")
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="event_roles",
    )
    role = models.CharField(
        _("role"), max_length=16, choices=OrganiserRole.choices, default=OrganiserRole.ORGANISER
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("organiser or partner")
        verbose_name_plural = _("organisers and partners")
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation", "role"], name="event_org_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Session(models.Model):
    """An item of the programme: a plenary, a dialogue platform, a section."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(
        _("kind"), max_length=12, choices=SessionKind.choices, default=SessionKind.PLATFORM
    )
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True, max_length=5000)
    description_kk = models.TextField(_("description (Kazakh)"), blank=True, max_length=5000)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.CharField(_("online link"), max_length=500, blank=True, validators=[http_url])
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    collects_proposals = models.BooleanField(
        _("collects proposals"),
        default=False,
        help_text=_("Participants may send proposals to this session."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["starts_at", "position", "id"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(condition=~Q(title_ru="", title_kk=""), name="session_has_a_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.event.get_absolute_url()}#session-{self.pk}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")


class Speaker(models.Model):
    """A moderator or speaker of a session: a person with a title and an organisation."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speakers")
    role = models.CharField(
        _("role"), max_length=10, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER
    )
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL
    )
    organisation_name = models.CharField(_("organisation (text)"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["role", "position", "id"]
        verbose_name = _("speaker or moderator")
        verbose_name_plural = _("speakers and moderators")

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_label(self) -> str:
        return self.organisation.short_name if self.organisation_id else self.organisation_name


class Quota(models.Model):
    """Delegate places kept for a region or an organisation."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="quotas")
    kind = models.CharField(_("kind"), max_length=12, choices=QuotaKind.choices)
    region = models.ForeignKey("geo.Region", null=True, blank=True, on_delete=models.CASCADE)
    organisation = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.CASCADE)
    places = models.PositiveIntegerField(_("places"))

    class Meta:
        verbose_name = _("delegate quota")
        verbose_name_plural = _("delegate quotas")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="region", region__isnull=False, organisation__isnull=True))
                | (Q(kind="organisation", organisation__isnull=False, region__isnull=True)),
                name="quota_has_its_subject",
            ),
            models.UniqueConstraint(fields=["event", "region"], name="one_quota_per_region"),
            models.UniqueConstraint(fields=["event", "organisation"], name="one_quota_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.region or self.organisation}: {self.places}"


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegStatus.choices, default=RegStatus.PENDING
    )
    participation = models.CharField(
        _("participation"), max_length=8, choices=Participation.choices, default=Participation.OFFLINE
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL
    )
    organisation_name = models.CharField(_("organisation"), max_length=300, blank=True)
    role = models.CharField(_("position or role"), max_length=200, blank=True)
    region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_online_at = models.DateTimeField(_("joined online"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # No one is registered twice: one live registration per person and event.
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=["pending", "confirmed", "waitlisted"]),
                name="one_live_registration",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.event} ({self.get_status_display()})"

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegStatus.CONFIRMED

    @property
    def organisation_label(self) -> str:
        return self.organisation.short_name if self.organisation_id else self.organisation_name


class SessionRegistration(models.Model):
    """A participant's place in one session that has its own capacity."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="seats")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="seats")
    status = models.CharField(
        _("status"), max_length=12, choices=RegStatus.choices, default=RegStatus.CONFIRMED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "registration"], name="one_seat_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} → {self.session_id} ({self.status})"


class RegistrationHistory(models.Model):
    """Every status change of a registration: who, when, from, to, text."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="history")
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration history entry")
        verbose_name_plural = _("registration history")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


def photo_path(instance: EventPhoto, filename: str) -> str:
    return upload_path(f"events/photos/{instance.event_id}", filename)


class EventPhoto(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("photo"), upload_to=photo_path, validators=[FileExtensionValidator(IMAGE_EXTENSIONS)]
    )
    caption_ru = models.CharField(_("caption (Russian)"), max_length=300, blank=True)
    caption_kk = models.CharField(_("caption (Kazakh)"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=150, blank=True, help_text=_("For example: Акимат ВКО"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or self.image.name

    @property
    def caption(self) -> str:
        return localized(self, "caption")


class EventLink(models.Model):
    """A link to news about the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="links")
    url = models.CharField(_("address"), max_length=500, validators=[http_url])
    title = models.CharField(_("title of the news"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("news link")
        verbose_name_plural = _("news links")

    def __str__(self) -> str:
        return self.title


class EventMessage(models.Model):
    """A message the organisers sent to participants."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=10000)
    audience = models.CharField(_("to"), max_length=12, default=RegStatus.CONFIRMED)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")

    def __str__(self) -> str:
        return self.subject
