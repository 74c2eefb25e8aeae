import datetime as dt

import factory
from django.utils import timezone

from birgemiz.events.choices import EventFormat, EventKind, EventStatus, SessionKind
from birgemiz.events.models import Event, Session


def in_days(days: float, hour: int = 10) -> dt.datetime:
    base = timezone.localtime() + dt.timedelta(days=days)
    return base.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = EventKind.FORUM
    title_ru = factory.Sequence(lambda n: f"Гражданский форум {n}")
    title_kk = factory.Sequence(lambda n: f"Азаматтық форум {n}")
    starts_at = factory.LazyFunction(lambda: in_days(10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=6))
    format = EventFormat.OFFLINE
    venue = "Дворец школьников"
    status = EventStatus.PUBLISHED


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    kind = SessionKind.PLATFORM
    title_ru = factory.Sequence(lambda n: f"Диалоговая площадка {n}")
    title_kk = factory.Sequence(lambda n: f"Диалог алаңы {n}")
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
