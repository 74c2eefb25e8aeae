"""Loose ends only: the calendar's list of organisers is dropped when what it shows changes."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save


def _drop_organiser_options(sender, **kwargs) -> None:
    from birgemiz.events.selectors import organiser_options

    organiser_options.invalidate()


def connect() -> None:
    from birgemiz.events.models import Event, EventOrganiser
    from birgemiz.orgs.models import Organisation

    for model in (Event, EventOrganiser, Organisation):
        label = model._meta.label_lower
        post_save.connect(_drop_organiser_options, sender=model, dispatch_uid=f"events-orgs-save-{label}")
        post_delete.connect(_drop_organiser_options, sender=model, dispatch_uid=f"events-orgs-del-{label}")
