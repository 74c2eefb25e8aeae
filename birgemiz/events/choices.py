from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    FORUM = "forum", _("Civil forum")
    CONFERENCE = "conference", _("Conference")
    MEETING = "meeting", _("Meeting")
    ROUND_TABLE = "round_table", _("Round table")
    FAIR = "fair", _("Exhibition-fair")
    AWARDS = "awards", _("Award ceremony")
    TRAINING = "training", _("Training")
    HEARING = "hearing", _("Public hearing")


class EventFormat(models.TextChoices):
    OFFLINE = "offline", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")


class OrganiserRole(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    EXECUTOR = "executor", _("Executor")
    ORGANISER = "organiser", _("Organiser")
    PARTNER = "partner", _("Partner")
    SPONSOR = "sponsor", _("Sponsor")
    INFO_PARTNER = "info_partner", _("Information partner")


#: Roles whose leaders and editors may manage the event (partners only appear on it).
ORGANISING_ROLES = (OrganiserRole.CUSTOMER, OrganiserRole.EXECUTOR, OrganiserRole.ORGANISER)


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary session")
    PLATFORM = "platform", _("Dialogue platform")
    SECTION = "section", _("Section")
    OPENING = "opening", _("Opening")
    WORKSHOP = "workshop", _("Workshop")
    EXHIBITION = "exhibition", _("Exhibition")
    AWARDS = "awards", _("Award ceremony")
    BREAK = "break", _("Break")


class SpeakerRole(models.TextChoices):
    MODERATOR = "moderator", _("Moderator")
    SPEAKER = "speaker", _("Speaker")


class RegStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


#: Statuses that hold (or wait for) a place: one of these per person and event at most.
ACTIVE_STATUSES = (RegStatus.PENDING, RegStatus.CONFIRMED, RegStatus.WAITLISTED)


class Participation(models.TextChoices):
    OFFLINE = "offline", _("In person")
    ONLINE = "online", _("Online")


class QuotaKind(models.TextChoices):
    REGION = "region", _("Region")
    ORGANISATION = "organisation", _("Organisation")
