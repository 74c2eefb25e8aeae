import io

from django.core.management import call_command
from django.utils import timezone

from birgemiz.proposals import deadlines
from birgemiz.proposals.models import Proposal
from birgemiz.proposals.selectors import overdue_count


def test_demo_has_stages_overdue_and_the_panel(db, settings):
    from birgemiz.events.models import Session

    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    session = Session.objects.get(title_ru__icontains="Будущее страны", panel__isnull=False)
    assert session.proposals.count() == 32 and session.panel.proposals.count() == 32
    assert Proposal.objects.count() > 38
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert {"received", "accepted", "implemented", "rejected", "answered", "forwarded"} <= statuses
    assert overdue_count() >= 2
    assert Proposal.objects.filter(origin="event").count() > 30
    extended = Proposal.objects.get(extended=True)
    reason = extended.events.get(kind="extended")
    assert "продлён" in reason.text and reason.due_at == extended.due_at
    assert extended.due_at == deadlines.extended_due(extended.clock_started_on) and not extended.is_overdue()
    assert reason.created_at.date() < timezone.localdate()
    call_command("demo", stdout=io.StringIO())
    assert Proposal.objects.count() == 9 + 32
