"""Tickets: a signed payload in a QR code (segno), on a page and in a PDF (WeasyPrint).

The payload names the registration and the event and carries an expiry, signed with the
site's key (``django.core.signing``): a forged, expired or other event's code is refused.
"""

from __future__ import annotations

import datetime as dt

import segno
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

SALT = "birgemiz.events.ticket"
#: A ticket stays valid this long after the event ends (late check-ins, online attendance).
VALID_AFTER_END = dt.timedelta(days=1)


class TicketError(Exception):
    """A code that does not open the door, with a translated message for the organiser."""


def ticket_payload(registration) -> str:
    event = registration.event
    expires = int((event.ends_at + VALID_AFTER_END).timestamp())
    return signing.dumps({"r": registration.pk, "e": event.pk, "x": expires}, salt=SALT, compress=True)


def read_ticket(code: str, *, event, now: dt.datetime | None = None) -> int:
    """The registration id the code stands for, or ``TicketError`` with the reason."""
    code = (code or "").strip()
    if not code:
        raise TicketError(_("Enter or scan the code of a ticket."))
    try:
        data = signing.loads(code, salt=SALT)
    except signing.BadSignature as error:
        raise TicketError(_("This code is not a Birgemiz ticket: it may be forged or damaged.")) from error
    if not isinstance(data, dict) or not {"r", "e", "x"} <= data.keys():
        raise TicketError(_("This code is not a Birgemiz ticket: it may be forged or damaged."))
    if data["e"] != event.pk:
        raise TicketError(_("This ticket is for another event."))
    now = now or timezone.now()
    # A postponed event keeps its tickets valid: the later of the signed expiry and the
    # event's current end counts.
    if now.timestamp() > max(data["x"], (event.ends_at + VALID_AFTER_END).timestamp()):
        raise TicketError(_("This ticket has expired."))
    return int(data["r"])


def qr_svg(payload: str, *, scale: int = 4) -> str:
    """An inline SVG of the QR code (dark modules on white: scanners need the contrast)."""
    return segno.make(payload, error="m").svg_inline(scale=scale, dark="#000", light="#fff", border=2)


def qr_data_uri(payload: str, *, scale: int = 5) -> str:
    png = segno.make(payload, error="m").png_data_uri(scale=scale, border=2)
    return png


def ticket_pdf(registration, *, base_url: str = "") -> bytes:
    """The ticket as a PDF (A6), in the current language; DejaVu/PT fonts carry Kazakh letters."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    payload = ticket_payload(registration)
    html = render_to_string(
        "events/ticket_pdf.html",
        {"registration": registration, "event": registration.event, "qr": qr_data_uri(payload)},
    )
    return HTML(string=html, base_url=base_url or None).write_pdf()
