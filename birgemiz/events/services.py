"""Every write about events: the event and its programme, registrations, check-in, outcomes.

Registration takes a row lock on the event (``select_for_update``) so that counting the free
places and taking one is one step: the last place is never given to two people, and the
partial unique constraint ``one_live_registration`` keeps anyone from registering twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from birgemiz.core import uploads
from birgemiz.core.audit import audit
from birgemiz.events import permissions, tickets
from birgemiz.events.choices import (
    ACTIVE_STATUSES,
    EventFormat,
    EventStatus,
    OrganiserRole,
    Participation,
    QuotaKind,
    RegStatus,
    SpeakerRole,
)
from birgemiz.events.models import (
    Event,
    EventLink,
    EventMessage,
    EventOrganiser,
    EventPhoto,
    Quota,
    Registration,
    RegistrationHistory,
    Session,
    SessionRegistration,
    Speaker,
    http_url,
)

MAX_IMAGE_BYTES = 5 * 1024 * 1024


class EventError(Exception):
    """A refusal with a stable code (the API's) and a translated message; ``field`` for forms."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


# --- events -------------------------------------------------------------------------------

EVENT_FIELDS = (
    "kind", "series", "ordinal", "title_ru", "title_kk", "theme_ru", "theme_kk", "description_ru",
    "description_kk", "region", "city", "starts_at", "ends_at", "format", "venue", "address", "online_url",
    "cover", "cover_credit", "registration_open", "registration_opens_at", "registration_closes_at",
    "capacity", "requires_approval", "ask_organisation", "ask_role", "extra_questions",
    "resolution_ru", "resolution_kk", "recommendations_ru", "recommendations_kk",
)  # fmt: skip


def check_image(upload, *, field: str = "image"):
    """An uploaded image must be a real PNG, JPEG or WebP picture of a sensible size; what is
    stored is the picture without its metadata (``core.uploads.without_metadata``)."""
    if upload is None:
        return None
    if getattr(upload, "size", 0) > MAX_IMAGE_BYTES:
        raise EventError("image_too_large", _("The image is too large: at most 5 MB."), field)
    from PIL import Image, UnidentifiedImageError

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            image_format = image.format
        upload.seek(0)
    except Image.DecompressionBombError as error:
        raise EventError(
            "image_too_large", _("The image is too large: at most 40 megapixels."), field
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise EventError(
            "not_an_image", _("This file is not an image (PNG, JPEG or WebP)."), field
        ) from error
    if image_format not in uploads.IMAGE_FORMATS:
        raise EventError("not_an_image", _("This file is not an image (PNG, JPEG or WebP)."), field)
    # Stored under the extension of what it is, whatever the uploader named it.
    try:
        return uploads.without_metadata(upload, uploads.IMAGE_FORMATS[image_format])
    except uploads.PictureTooLarge as error:
        raise EventError(
            "image_too_large", _("The image is too large: at most 40 megapixels."), field
        ) from error
    except (OSError, ValueError, SyntaxError) as error:
        raise EventError(
            "not_an_image", _("This file is not an image (PNG, JPEG or WebP)."), field
        ) from error


def check_link(url: str, *, field: str = "online_url") -> None:
    if not url:
        return
    try:
        http_url(url)
    except ValidationError as error:
        raise EventError(
            "bad_link", _("Enter a link that starts with http:// or https://."), field
        ) from error


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=RegStatus.CONFIRMED).count()


def _validate_event(event: Event, *, confirmed: int | None = None) -> None:
    if not (event.title_ru or event.title_kk):
        raise EventError("no_title", _("Give the event a title in Russian or Kazakh."), "title_ru")
    if event.starts_at and event.ends_at and event.ends_at < event.starts_at:
        raise EventError("ends_before_start", _("The event cannot end before it starts."), "ends_at")
    check_link(event.online_url)
    if event.format == EventFormat.OFFLINE and event.online_url:
        event.online_url = ""
    if (
        event.registration_opens_at
        and event.registration_closes_at
        and event.registration_closes_at < event.registration_opens_at
    ):
        raise EventError("window", _("Registration cannot close before it opens."), "registration_closes_at")
    if event.pk and event.capacity is not None:
        confirmed = _confirmed_count(event) if confirmed is None else confirmed
        if event.capacity < confirmed:
            raise EventError(
                "capacity_below_confirmed",
                _("There are already %(count)d confirmed participants: the places cannot be fewer.")
                % {"count": confirmed},
                "capacity",
            )


def _unique_slug(base: str) -> str:
    base = slugify(base, allow_unicode=False)[:60].strip("-") or "event"
    slug, n = base, 1
    while Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _transliterate(text: str) -> str:
    table = str.maketrans(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        "abvgdeejziiklmnoprstufhccss_y_eyaagqnouuhi",
    )
    return text.lower().translate(table).replace("_", "")


@transaction.atomic
def event_create(
    *,
    actor,
    data: dict[str, Any],
    organisers: list[tuple[Any, str]] | None = None,
    slug: str = "",
) -> Event:
    """Create an event (a draft unless ``data['status']`` says otherwise); ``organisers`` is a
    list of (organisation, role). The creator becomes one of its organisers."""
    if isinstance(data.get("cover"), UploadedFile):
        data = {**data, "cover": check_image(data["cover"], field="cover")}
    event = Event(created_by=actor if getattr(actor, "pk", None) else None)
    for name in (*EVENT_FIELDS, "status"):
        if name in data and not (name == "cover" and not data[name]):
            setattr(event, name, data[name])
    _validate_event(event)
    title = event.title_ru or event.title_kk
    year = timezone.localtime(event.starts_at).year if event.starts_at else ""
    event.slug = slug or _unique_slug(f"{_transliterate(title)}-{year}")
    event.save()
    if getattr(actor, "pk", None):
        event.organiser_users.add(actor)
    for position, (organisation, role) in enumerate(organisers or []):
        EventOrganiser.objects.get_or_create(
            event=event, organisation=organisation, role=role, defaults={"position": position}
        )
    schedule_reminders(event)
    audit(actor=actor, action="events.event_create", target=event)
    return event


@transaction.atomic
def event_update(*, actor, event: Event, data: dict[str, Any]) -> Event:
    """Change an event's fields; nothing is saved when a rule is broken."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if isinstance(data.get("cover"), UploadedFile):  # a new file; the form hands back the old one too
        data = {**data, "cover": check_image(data["cover"], field="cover")}
    old_capacity = event.capacity
    changed = []
    for name in EVENT_FIELDS:
        if name not in data or (name == "cover" and not data[name]):
            continue
        if getattr(event, name) != data[name]:
            setattr(event, name, data[name])
            changed.append(name)
    _validate_event(event)
    event.save()
    if "capacity" in changed and (event.capacity is None or (old_capacity or 0) < event.capacity):
        _promote_waitlist(event, actor=actor)
    if "starts_at" in changed:
        # A new start: everyone is reminded a day before it, not before the old one.
        event.registrations.filter(reminded_at__isnull=False).update(reminded_at=None)
        schedule_reminders(event)
    audit(actor=actor, action="events.event_update", target=event, changed=changed)
    return event


#: Which status an event may go to from each status (the organisers' page offers these).
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    EventStatus.DRAFT: (EventStatus.PUBLISHED, EventStatus.CANCELLED),
    EventStatus.PUBLISHED: (EventStatus.POSTPONED, EventStatus.CANCELLED),
    EventStatus.POSTPONED: (EventStatus.POSTPONED, EventStatus.PUBLISHED, EventStatus.CANCELLED),
    EventStatus.CANCELLED: (),
}


@transaction.atomic
def event_set_status(
    *,
    actor,
    event: Event,
    status: str,
    new_starts_at: dt.datetime | None = None,
    new_ends_at: dt.datetime | None = None,
    note: str = "",
) -> Event:
    """Publish, cancel (with a public reason) or postpone (with a new date when one is known).

    Cancelling or postponing mails the confirmed and waitlisted participants (a task). After a
    postponement everyone is reminded again a day before the new start; tickets stay valid
    (they are checked against the event's current end)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    note = (note or "").strip()[:300]
    if status not in STATUS_TRANSITIONS.get(event.status, ()):
        raise EventError(
            "bad_status",
            _("The event cannot go from “%(old)s” to “%(new)s”.")
            % {"old": event.get_status_display(), "new": dict(EventStatus.choices).get(status, status)},
            "status",
        )
    if status == EventStatus.CANCELLED and not note:
        raise EventError(
            "no_reason", _("Give the reason for the cancellation: participants will see it."), "note"
        )
    if new_ends_at is not None and new_starts_at is None:
        raise EventError("no_start", _("Enter the new start."), "new_starts_at")
    if status == EventStatus.POSTPONED and new_starts_at:
        new_ends_at = new_ends_at or new_starts_at + (event.ends_at - event.starts_at)
        if new_ends_at <= new_starts_at:
            raise EventError(
                "ends_before_start", _("The new end must be after the new start."), "new_ends_at"
            )
        if not event.postponed_from:
            event.postponed_from = event.starts_at
        event.starts_at, event.ends_at = new_starts_at, new_ends_at
    old_status = event.status
    event.status = status
    event.status_note = note
    event.save()
    if status == EventStatus.POSTPONED and new_starts_at:
        # People are reminded of the new date, not of the old one.
        event.registrations.filter(reminded_at__isnull=False).update(reminded_at=None)
    if status in (EventStatus.CANCELLED, EventStatus.POSTPONED):
        from birgemiz.events.tasks import send_event_status_email

        event_id, starts = event.pk, event.starts_at.isoformat()
        transaction.on_commit(
            lambda: send_event_status_email.enqueue(event_id=event_id, status=status, starts_at=starts)
        )
    schedule_reminders(event)
    audit(actor=actor, action="events.event_status", target=event, status=status, old=old_status)
    return event


def find_organisation(text: str):
    """The registry organisation named by a BIN, an address on the site or a search that
    matches exactly one; ``EventError`` otherwise."""
    from birgemiz.orgs import selectors as orgs
    from birgemiz.orgs.models import Organisation

    text = (text or "").strip()
    if not text:
        raise EventError("no_org", _("Give the organisation's name or BIN."), "organisation")
    found = Organisation.objects.filter(Q(bin=text) | Q(slug=text)).first()
    if found:
        return found
    matches = list(orgs.org_list(orgs.OrgFilters(q=text))[:6])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise EventError("no_org", _("No organisation of the registry matches."), "organisation")
    raise EventError(
        "many_orgs",
        _("Several organisations match: %(names)s. Give the BIN or a longer name.")
        % {"names": "; ".join(o.display_name for o in matches[:5])},
        "organisation",
    )


@transaction.atomic
def organiser_set(
    *, actor, event: Event, organisation, role: str = OrganiserRole.ORGANISER
) -> EventOrganiser:
    """Link a registry organisation to the event as customer, executor, partner…"""
    if role not in OrganiserRole.values:
        raise EventError("bad_role", _("Choose a role."), "role")
    if actor is not None and not permissions.can_link_organisation(actor, organisation, role):
        raise EventError(
            "not_its_member",
            _(
                "Only the organisation's leaders and editors (or the platform's editors) may name "
                "it customer, executor or organiser of an event; add it as a partner instead."
            ),
            "organisation",
        )
    link, _created = EventOrganiser.objects.get_or_create(
        event=event, organisation=organisation, role=role, defaults={"position": event.organisers.count()}
    )
    audit(actor=actor, action="events.organiser_set", target=event, organisation=organisation.pk, role=role)
    return link


@transaction.atomic
def quota_set(*, actor, event: Event, places: int, region=None, organisation=None) -> Quota | None:
    """Keep ``places`` delegate places for a region or an organisation (0 removes the quota)."""
    if (region is None) == (organisation is None):
        raise EventError("quota_subject", _("Choose a region or an organisation."), "region")
    if places < 0:
        raise EventError("quota_places", _("The number of places cannot be negative."), "places")
    subject = {"region": region} if region is not None else {"organisation": organisation}
    if places == 0:
        Quota.objects.filter(event=event, **subject).delete()
        return None
    quota, _created = Quota.objects.update_or_create(
        event=event,
        **subject,
        defaults={"places": places, "kind": "region" if region is not None else "organisation"},
    )
    audit(actor=actor, action="events.quota_set", target=event, places=places)
    return quota


@transaction.atomic
def organiser_remove(*, actor, link: EventOrganiser) -> None:
    audit(actor=actor, action="events.organiser_remove", target=link.event, organisation=link.organisation_id)
    link.delete()


# --- programme ----------------------------------------------------------------------------

SESSION_FIELDS = (
    "kind", "title_ru", "title_kk", "description_ru", "description_kk", "starts_at", "ends_at", "place",
    "online_url", "capacity", "collects_proposals", "position",
)  # fmt: skip


@transaction.atomic
def session_save(*, actor, event: Event, data: dict[str, Any], session: Session | None = None) -> Session:
    """Add or change an item of the programme."""
    session = session or Session(event=event)
    old_capacity = session.capacity
    for name in SESSION_FIELDS:
        if name in data:
            setattr(session, name, data[name])
    if not (session.title_ru or session.title_kk):
        raise EventError("no_title", _("Give the session a title in Russian or Kazakh."), "title_ru")
    if session.ends_at and session.starts_at and session.ends_at < session.starts_at:
        raise EventError("ends_before_start", _("The session cannot end before it starts."), "ends_at")
    check_link(session.online_url)
    if session.pk and session.capacity is not None:
        taken = session.seats.filter(status=RegStatus.CONFIRMED).count()
        if session.capacity < taken:
            raise EventError(
                "capacity_below_confirmed",
                _("There are already %(count)d confirmed participants: the places cannot be fewer.")
                % {"count": taken},
                "capacity",
            )
    session.save()
    if session.capacity is None or session.capacity > (old_capacity or 0):
        _fill_session(session.pk)
    audit(actor=actor, action="events.session_save", target=session)
    return session


@transaction.atomic
def session_delete(*, actor, session: Session) -> None:
    audit(actor=actor, action="events.session_delete", target=session)
    session.delete()


@transaction.atomic
def speaker_add(
    *,
    actor,
    session: Session,
    name: str,
    role: str = SpeakerRole.SPEAKER,
    title: str = "",
    organisation=None,
    organisation_name: str = "",
    user=None,
) -> Speaker:
    name = (name or "").strip()
    if not name:
        raise EventError("no_name", _("Give the speaker's name."), "name")
    position = session.speakers.count()
    return Speaker.objects.create(
        session=session,
        name=name,
        role=role,
        title=title,
        organisation=organisation,
        organisation_name=organisation_name,
        user=user,
        position=position,
    )


@transaction.atomic
def speaker_update(
    *,
    actor,
    speaker: Speaker,
    name: str,
    role: str = SpeakerRole.SPEAKER,
    title: str = "",
    organisation_name: str = "",
) -> Speaker:
    """Correct a speaker's name, role, title or organisation."""
    name = (name or "").strip()
    if not name:
        raise EventError("no_name", _("Give the speaker's name."), "name")
    if role not in SpeakerRole.values:
        raise EventError("bad_role", _("Choose a role."), "role")
    speaker.name, speaker.role = name[:150], role
    speaker.title = (title or "").strip()[:200]
    speaker.organisation_name = (organisation_name or "").strip()[:300]
    speaker.save(update_fields=["name", "role", "title", "organisation_name"])
    audit(actor=actor, action="events.speaker_update", target=speaker.session)
    return speaker


@transaction.atomic
def speaker_remove(*, actor, speaker: Speaker) -> None:
    audit(actor=actor, action="events.speaker_remove", target=speaker.session, name=speaker.name)
    speaker.delete()


# --- registration -------------------------------------------------------------------------


def registration_window_error(event: Event, now: dt.datetime | None = None) -> str | None:
    """Why registration is closed now, or ``None`` when it is open."""
    now = now or timezone.now()
    if event.status != EventStatus.PUBLISHED and event.status != EventStatus.POSTPONED:
        return _("Registration is closed: the event is not open for registration.")
    if not event.registration_open:
        return _("Registration is closed.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Registration has not opened yet.")
    closes = event.registration_closes_at or event.ends_at
    if now > closes:
        return _("Registration is closed.")
    return None


def _history(registration: Registration, *, actor, from_status: str, text: str = "") -> None:
    RegistrationHistory.objects.create(
        registration=registration,
        actor=actor if getattr(actor, "pk", None) else None,
        from_status=from_status,
        to_status=registration.status,
        text=text,
    )


def _confirmed_late(status: str, event: Event, now: dt.datetime) -> bool:
    """Confirmed less than a day before the start: the day-before reminder has gone, and the
    confirmation mail (date, place, links, ticket) stands for it; no second mail follows."""
    return status == RegStatus.CONFIRMED and event.starts_at - REMINDER_LEAD <= now < event.starts_at


def _set_status(
    registration: Registration,
    status: str,
    *,
    actor,
    text: str = "",
    reason: str = "",
    event: Event | None = None,
) -> None:
    old = registration.status
    now = timezone.now()
    registration.status = status
    registration.status_changed_at = now
    fields = ["status", "status_changed_at"]
    if reason:
        registration.reason = reason
        fields.append("reason")
    if _confirmed_late(status, event or registration.event, now) and not registration.reminded_at:
        registration.reminded_at = now
        fields.append("reminded_at")
    registration.save(update_fields=fields)
    _history(registration, actor=actor, from_status=old, text=text)
    _notify(registration, old)
    if status == RegStatus.CONFIRMED and old != RegStatus.CONFIRMED:
        waiting = registration.seats.filter(status=RegStatus.WAITLISTED)
        for session_id in list(waiting.values_list("session_id", flat=True)):
            _fill_session(session_id)


def _notify(registration: Registration, old: str) -> None:
    """Mail the participant about the new status (through a task, after commit)."""
    if registration.status == old and old != "":
        return
    from birgemiz.events.tasks import send_registration_email

    reg_id, status = registration.pk, registration.status
    transaction.on_commit(lambda: send_registration_email.enqueue(registration_id=reg_id, status=status))


def _quota_error(event: Event, quotas: list[Quota], *, region, organisation) -> str | None:
    """Delegate quotas: when the region or organisation has one, its places are counted."""
    for quota in quotas:
        if quota.region_id and region is not None and quota.region_id == region.pk:
            used = event.registrations.filter(region=region, status__in=ACTIVE_STATUSES).count()
        elif quota.organisation_id and organisation is not None and quota.organisation_id == organisation.pk:
            used = event.registrations.filter(organisation=organisation, status__in=ACTIVE_STATUSES).count()
        else:
            continue
        if used >= quota.places:
            return _("The delegate quota of %(subject)s is reached (%(places)d places).") % {
                "subject": quota.region.name if quota.region_id else quota.organisation.short_name,
                "places": quota.places,
            }
    return None


def _registration_region(event: Event, user, data: RegistrationInput, quotas: list[Quota]):
    """The region a registration counts for: the one named, else the person's profile region,
    else their organisation's. With region quotas one is required, so no one skips the quota."""
    from birgemiz.geo.selectors import region_find_by_id

    region = data.region
    if region is None:
        region = region_find_by_id(getattr(user, "region_id", None))
    if region is None and data.organisation is not None:
        region = region_find_by_id(data.organisation.region_id)
    if region is None and any(q.kind == QuotaKind.REGION for q in quotas):
        raise EventError(
            "region_required",
            _("Choose your region: the event keeps delegate places for regions."),
            "region",
        )
    return region


def _has_place(event: Event) -> bool:
    return event.capacity is None or _confirmed_count(event) < event.capacity


def _take_session_seats(registration: Registration, sessions) -> None:
    """Seats in sessions with their own capacity. Only a confirmed registration holds a
    confirmed seat; one waiting for approval or on the event's waiting list waits for the seat
    too and gets it, if still free, when it is confirmed (``_fill_session``)."""
    confirmed = registration.status == RegStatus.CONFIRMED
    for session in sessions:
        locked = Session.objects.select_for_update().get(pk=session.pk)
        taken = locked.seats.filter(status=RegStatus.CONFIRMED).count()
        free = confirmed and (locked.capacity is None or taken < locked.capacity)
        SessionRegistration.objects.get_or_create(
            session=locked,
            registration=registration,
            defaults={"status": RegStatus.CONFIRMED if free else RegStatus.WAITLISTED},
        )


def _fill_session(session_id: int) -> None:
    """Give a session's free seats to its waiting list, oldest first, among people whose event
    registration is confirmed."""
    session = Session.objects.select_for_update().get(pk=session_id)
    waiting = SessionRegistration.objects.filter(
        session=session, status=RegStatus.WAITLISTED, registration__status=RegStatus.CONFIRMED
    ).order_by("created_at", "id")
    if session.capacity is not None:
        free = session.capacity - session.seats.filter(status=RegStatus.CONFIRMED).count()
        if free <= 0:
            return
        waiting = waiting[:free]
    ids = list(waiting.values_list("pk", flat=True))
    if ids:
        SessionRegistration.objects.filter(pk__in=ids).update(status=RegStatus.CONFIRMED)


@dataclass
class RegistrationInput:
    participation: str = Participation.OFFLINE
    organisation: Any = None
    organisation_name: str = ""
    role: str = ""
    region: Any = None
    answers: dict[str, str] = field(default_factory=dict)
    sessions: list[Session] = field(default_factory=list)


def registration_create(*, event: Event, user, data: RegistrationInput | None = None) -> Registration:
    """Register ``user``: confirmed while places last, then on the waiting list; with approval
    the registration waits for the organisers. Raises ``EventError`` with the code ``closed``,
    ``already_registered`` or ``quota_reached``."""
    data = data or RegistrationInput()
    try:
        with transaction.atomic():
            return _registration_create(event=event, user=user, data=data)
    except IntegrityError as error:
        # The partial unique constraint caught a second registration racing the first.
        raise EventError("already_registered", _("You are already registered for this event.")) from error


def _registration_create(*, event: Event, user, data: RegistrationInput) -> Registration:
    event = Event.objects.select_for_update().get(pk=event.pk)
    reason = registration_window_error(event)
    if reason:
        raise EventError("closed", reason)
    if Registration.objects.filter(event=event, user=user, status__in=ACTIVE_STATUSES).exists():
        raise EventError("already_registered", _("You are already registered for this event."))
    participation = data.participation
    if event.format == EventFormat.ONLINE:
        participation = Participation.ONLINE
    elif event.format == EventFormat.OFFLINE:
        participation = Participation.OFFLINE
    quotas = list(event.quotas.select_related("region", "organisation", "organisation__legal_form"))
    region = _registration_region(event, user, data, quotas)
    quota = _quota_error(event, quotas, region=region, organisation=data.organisation)
    if quota:
        raise EventError("quota_reached", quota)
    if event.requires_approval:
        status = RegStatus.PENDING
    else:
        status = RegStatus.CONFIRMED if _has_place(event) else RegStatus.WAITLISTED
    questions = event.questions
    now = timezone.now()
    registration = Registration.objects.create(
        event=event,
        user=user,
        status=status,
        status_changed_at=now,
        reminded_at=now if _confirmed_late(status, event, now) else None,
        participation=participation,
        organisation=data.organisation,
        organisation_name=(data.organisation_name or "").strip()[:300],
        role=(data.role or "").strip()[:200],
        region=region,
        answers={q: str((data.answers or {}).get(q, "")).strip()[:1000] for q in questions},
    )
    _history(registration, actor=user, from_status="")
    _notify(registration, "")
    sessions = [s for s in data.sessions if s.event_id == event.pk]
    if sessions:
        _take_session_seats(registration, sessions)
    return registration


def _promote_waitlist(event: Event, *, actor) -> list[Registration]:
    """Give the free places to the waiting list, first come first served. The caller holds the
    event's row lock."""
    promoted = []
    while _has_place(event):
        nxt = (
            Registration.objects.select_for_update()
            .filter(event=event, status=RegStatus.WAITLISTED)
            .order_by("created_at", "id")
            .first()
        )
        if nxt is None:
            break
        _set_status(nxt, RegStatus.CONFIRMED, actor=actor, text=_("A place became free."), event=event)
        promoted.append(nxt)
    return promoted


def _promote_session_waitlists(registration: Registration) -> None:
    """The registration leaves: its seats are freed and go to each session's waiting list."""
    freed = list(registration.seats.filter(status=RegStatus.CONFIRMED).values_list("session_id", flat=True))
    registration.seats.exclude(status=RegStatus.CANCELLED).update(status=RegStatus.CANCELLED)
    for session_id in freed:
        _fill_session(session_id)


def _locked(registration: Registration) -> tuple[Event, Registration]:
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().select_related("user").get(pk=registration.pk)
    registration.event = event
    return event, registration


@transaction.atomic
def registration_cancel(*, registration: Registration, actor) -> Registration:
    """The participant (or an organiser) cancels; a freed place goes to the waiting list."""
    event, registration = _locked(registration)
    if registration.status not in ACTIVE_STATUSES:
        raise EventError("not_active", _("This registration is not active."))
    was_confirmed = registration.status == RegStatus.CONFIRMED
    _set_status(registration, RegStatus.CANCELLED, actor=actor)
    _promote_session_waitlists(registration)
    if was_confirmed:
        _promote_waitlist(event, actor=actor)
    return registration


@transaction.atomic
def registration_approve(*, registration: Registration, actor) -> Registration:
    """Organisers approve a pending registration: confirmed if a place is free, else waitlisted."""
    event, registration = _locked(registration)
    if registration.status != RegStatus.PENDING:
        raise EventError("not_pending", _("Only a registration waiting for approval can be approved."))
    status = RegStatus.CONFIRMED if _has_place(event) else RegStatus.WAITLISTED
    _set_status(registration, status, actor=actor)
    return registration


@transaction.atomic
def registration_reject(*, registration: Registration, actor, reason: str) -> Registration:
    event, registration = _locked(registration)
    reason = (reason or "").strip()
    if not reason:
        raise EventError("no_reason", _("Give the reason for the rejection."), "reason")
    if registration.status not in ACTIVE_STATUSES:
        raise EventError("not_active", _("This registration is not active."))
    was_confirmed = registration.status == RegStatus.CONFIRMED
    _set_status(registration, RegStatus.REJECTED, actor=actor, text=reason, reason=reason)
    _promote_session_waitlists(registration)
    if was_confirmed:
        _promote_waitlist(event, actor=actor)
    return registration


@transaction.atomic
def registration_promote(*, registration: Registration, actor) -> Registration:
    """Organisers move someone from the waiting list (or approval) when a place is free."""
    event, registration = _locked(registration)
    if registration.status not in (RegStatus.WAITLISTED, RegStatus.PENDING):
        raise EventError("not_waitlisted", _("This person is not on the waiting list."))
    if not _has_place(event):
        raise EventError("full", _("There is no free place: add places to the event first."))
    _set_status(registration, RegStatus.CONFIRMED, actor=actor, text=_("Moved from the waiting list."))
    return registration


# --- check-in and attendance --------------------------------------------------------------


@dataclass
class CheckIn:
    registration: Registration
    already: bool


@transaction.atomic
def check_in(*, event: Event, actor, code: str = "", registration: Registration | None = None) -> CheckIn:
    """Check a participant in by the ticket's code or (name search) by the registration.

    Raises ``tickets.TicketError`` with the reason for a forged, expired or other event's code.
    """
    if registration is None:
        reg_id = tickets.read_ticket(code, event=event)
        registration = Registration.objects.filter(pk=reg_id, event=event).first()
        if registration is None:
            raise tickets.TicketError(_("This ticket is for another event."))
    elif registration.event_id != event.pk:
        raise tickets.TicketError(_("This ticket is for another event."))
    registration = Registration.objects.select_for_update().select_related("user").get(pk=registration.pk)
    if registration.status != RegStatus.CONFIRMED:
        raise tickets.TicketError(
            _("This registration is not confirmed (%(status)s).")
            % {"status": registration.get_status_display()}
        )
    if registration.checked_in_at:
        return CheckIn(registration, already=True)
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = actor if getattr(actor, "pk", None) else None
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return CheckIn(registration, already=False)


def join_online(*, registration: Registration) -> None:
    """A confirmed participant follows the online link: counted as attending online."""
    if registration.status == RegStatus.CONFIRMED and not registration.joined_online_at:
        Registration.objects.filter(pk=registration.pk, joined_online_at__isnull=True).update(
            joined_online_at=timezone.now()
        )


# --- messages and reminders ---------------------------------------------------------------


@transaction.atomic
def message_participants(
    *, event: Event, actor, subject: str, body: str, audience: str = RegStatus.CONFIRMED
) -> EventMessage:
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise EventError("empty", _("Write a subject and a text."), "subject" if not subject else "body")
    if audience not in (RegStatus.CONFIRMED, RegStatus.WAITLISTED, RegStatus.PENDING, "all"):
        audience = RegStatus.CONFIRMED
    statuses = ACTIVE_STATUSES if audience == "all" else (audience,)
    count = event.registrations.filter(status__in=statuses).count()
    message = EventMessage.objects.create(
        event=event, sender=actor, subject=subject[:200], body=body, audience=audience, recipients=count
    )
    from birgemiz.events.tasks import send_event_message

    transaction.on_commit(lambda: send_event_message.enqueue(message_id=message.pk))
    audit(actor=actor, action="events.message", target=event, recipients=count)
    return message


REMINDER_LEAD = dt.timedelta(hours=24)


def schedule_reminders(event: Event) -> None:
    """Queue the reminder of ``event``'s participants for a day before it starts (a deferred
    task: nobody needs to add cron). The task remembers the start it was queued for and does
    nothing when the event has moved since, is cancelled or its people are already reminded.
    A backend that cannot defer (the immediate one in development) leaves it to the catch-up
    command ``send_event_reminders``."""
    from birgemiz.events.tasks import remind_event

    if event.status not in (EventStatus.PUBLISHED, EventStatus.POSTPONED):
        return
    now = timezone.now()
    if event.starts_at <= now:
        return
    run_after = event.starts_at - REMINDER_LEAD
    task = remind_event
    if run_after > now:
        if not task.get_backend().supports_defer:
            return
        task = task.using(run_after=run_after)
    event_id, starts = event.pk, event.starts_at.isoformat()
    transaction.on_commit(lambda: task.enqueue(event_id=event_id, starts_at=starts))


def _remind(rows, now: dt.datetime) -> int:
    from birgemiz.events.tasks import send_reminder

    sent = 0
    for reg_id in list(rows.values_list("pk", flat=True)):
        with transaction.atomic():
            if Registration.objects.filter(pk=reg_id, reminded_at__isnull=True).update(reminded_at=now):
                transaction.on_commit(lambda reg_id=reg_id: send_reminder.enqueue(registration_id=reg_id))
                sent += 1
    return sent


def _to_remind(now: dt.datetime):
    return Registration.objects.filter(
        status=RegStatus.CONFIRMED,
        reminded_at__isnull=True,
        event__status__in=[EventStatus.PUBLISHED, EventStatus.POSTPONED],
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDER_LEAD,
    )


def remind_event_participants(*, event: Event, starts_at: dt.datetime, now: dt.datetime | None = None) -> int:
    """Remind the confirmed participants of ``event`` who are not reminded yet, if the event
    still starts at ``starts_at`` (the start the reminder was queued for) within a day."""
    now = now or timezone.now()
    if event.starts_at != starts_at:
        return 0  # postponed or moved since: the new start has its own reminder
    return _remind(_to_remind(now).filter(event=event), now)


def enqueue_reminders(*, now: dt.datetime | None = None) -> int:
    """Catch-up (``manage.py send_event_reminders``): remind confirmed participants of events
    starting within a day, each once (idempotent: ``reminded_at`` is set by the same UPDATE
    that picks the row)."""
    now = now or timezone.now()
    return _remind(_to_remind(now), now)


# --- after the event ----------------------------------------------------------------------


@transaction.atomic
def photo_add(
    *, event: Event, actor, image, caption_ru: str = "", caption_kk: str = "", credit: str = ""
) -> EventPhoto:
    if not image:
        raise EventError("no_image", _("Choose a photo."), "image")
    image = check_image(image)
    return EventPhoto.objects.create(
        event=event,
        image=image,
        caption_ru=caption_ru.strip(),
        caption_kk=caption_kk.strip(),
        credit=credit.strip(),
        position=event.photos.count(),
    )


@transaction.atomic
def link_add(*, event: Event, actor, url: str, title: str) -> EventLink:
    url, title = (url or "").strip(), (title or "").strip()
    if not title:
        raise EventError("no_title", _("Give the title of the news."), "title")
    check_link(url, field="url")
    if not url:
        raise EventError("bad_link", _("Enter a link that starts with http:// or https://."), "url")
    return EventLink.objects.create(event=event, url=url, title=title[:300], position=event.links.count())


@transaction.atomic
def link_remove(*, actor, link: EventLink) -> None:
    audit(actor=actor, action="events.link_remove", target=link.event, url=link.url)
    link.delete()


@transaction.atomic
def photo_remove(*, actor, photo: EventPhoto) -> None:
    """Take a photo out of the gallery; its file goes once the removal is committed."""
    audit(actor=actor, action="events.photo_remove", target=photo.event, name=photo.image.name)
    image = photo.image
    photo.delete()
    if image:
        storage, name = image.storage, image.name
        transaction.on_commit(lambda: storage.delete(name))


def attendance(event: Event) -> dict[str, int]:
    """Figures of an event: registrations by status, and who came offline or joined online."""
    figures = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegStatus.WAITLISTED)),
        pending=Count("pk", filter=Q(status=RegStatus.PENDING)),
        cancelled=Count("pk", filter=Q(status=RegStatus.CANCELLED)),
        rejected=Count("pk", filter=Q(status=RegStatus.REJECTED)),
        offline=Count("pk", filter=Q(status=RegStatus.CONFIRMED, participation=Participation.OFFLINE)),
        online=Count("pk", filter=Q(status=RegStatus.CONFIRMED, participation=Participation.ONLINE)),
        came_offline=Count("pk", filter=Q(checked_in_at__isnull=False)),
        joined_online=Count("pk", filter=Q(joined_online_at__isnull=False)),
    )
    return figures
