import datetime as dt
import itertools

from django.utils import timezone

from birgemiz.proposals import deadlines
from birgemiz.proposals.models import Proposal, ProposalEvent

_n = itertools.count(1)


def make_proposal(*, author, addressee, received=None, **fields) -> Proposal:
    """A proposal as the submit service leaves it, received on ``received`` (a date)."""
    n = next(_n)
    received = received or timezone.localdate()
    created = timezone.make_aware(dt.datetime.combine(received, dt.time(9)))
    created = min(created, timezone.now() - dt.timedelta(seconds=1))
    data = {
        "title": f"Предложение номер {n} о социальных услугах",
        "text": f"Предлагаем расширить социальные услуги для пожилых людей, вариант {n}.",
        "region": addressee.region,
        "created_at": created,
        "status_changed_at": created,
        "clock_started_on": received,
        "due_at": deadlines.first_answer_due(received),
        **fields,
    }
    proposal = Proposal.objects.create(author=author, addressee=addressee, **data)
    ProposalEvent.objects.create(
        proposal=proposal,
        kind="submitted",
        actor=author,
        body=addressee,
        to_status="received",
        created_at=created,
    )
    return proposal
