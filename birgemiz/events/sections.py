"""What events adds to the gathering pages, and the event page key other modules register
their sections on (the proposals collected at an event…)."""

from __future__ import annotations

#: The public page of one event; a section's ``context(request, event)``.
EVENT = "event"
