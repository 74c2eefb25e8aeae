"""What proposals add to events: panels of programme items, the event page's section, the
filter by event and the forum export grouped by session and sphere."""

import io

import pytest
from django.test import RequestFactory
from django.urls import reverse

from birgemiz.core.registry import registry
from birgemiz.events.sections import EVENT
from birgemiz.events.tests.factories import EventFactory, SessionFactory
from birgemiz.orgs.models import Sphere
from birgemiz.proposals import services
from birgemiz.proposals.models import Proposal
from birgemiz.proposals.sections import event_context
from birgemiz.proposals.services import ProposalError


@pytest.fixture
def forum(db, region):
    event = EventFactory(title_ru="Гражданский сектор Карагандинской области – 30 лет вместе", region=region)
    panel_session = SessionFactory(
        event=event, title_ru="Будущее страны – в наших руках", collects_proposals=True
    )
    other = SessionFactory(
        event=event, title_ru="Диалоговая площадка НКО и госорганов", collects_proposals=True
    )
    SessionFactory(event=event, title_ru="Пленарное заседание", collects_proposals=False)
    return event, panel_session, other


def test_a_panel_for_a_session_links_its_proposals_to_the_event(moderator, citizen, body, forum):
    event, session, _other = forum
    panel = services.panel_create(actor=moderator, addressee=body, session=session)
    assert panel.title == session.title
    p = services.proposal_submit(
        author=citizen, panel=panel, title="Ресурсный центр", text="", addressee=None
    )
    assert (p.origin_event, p.origin_session, p.origin) == (event, session, "event")
    with pytest.raises(ProposalError):
        services.panel_create(actor=moderator, addressee=body, session=session)  # one per session
    with pytest.raises(ProposalError):
        services.panel_create(actor=moderator, addressee=body, session=SessionFactory(event=event))


def test_the_event_page_section(moderator, citizen, body, forum):
    event, session, other = forum
    panel = services.panel_create(actor=moderator, addressee=body, session=session)
    services.proposal_submit(author=citizen, panel=panel, title="Коворкинг для НКО", text="", addressee=None)
    request = RequestFactory().get("/")
    request.user = moderator
    (rendered,) = [s for s in registry.render(EVENT, request, event) if s.key == "proposals-event"]
    assert rendered.context["src"] == reverse("proposals:section", args=["event", event.pk])
    context = event_context(request, event)
    assert context["total"] == 1
    assert [(s, p) for s, p in context["sessions"]] == [(session, panel), (other, None)]
    assert context["bodies"]  # the moderator can open the other session's panel


def test_moderator_opens_a_panel_from_the_event_page(client, moderator, official, body, forum):
    _event, session, _other = forum
    client.force_login(official)
    assert (
        client.post(
            reverse("proposals:panel_create"), {"session": session.pk, "addressee": body.pk}
        ).status_code
        == 403
    )
    client.force_login(moderator)
    response = client.post(reverse("proposals:panel_create"), {"session": session.pk, "addressee": body.pk})
    assert response.status_code == 302 and session.panel.code in response.url


def test_filter_by_event_and_forum_export_grouped_by_session_and_sphere(
    client, moderator, citizen, official, body, forum
):
    event, session, other = forum
    first = services.panel_create(actor=moderator, addressee=body, session=session)
    second = services.panel_create(actor=moderator, addressee=body, session=other)
    culture = Sphere.objects.get(code="culture")
    a = services.proposal_submit(
        author=citizen,
        panel=first,
        title="Концерты для общества слепых",
        text="",
        addressee=None,
        sphere=culture,
    )  # noqa: E501
    services.proposal_submit(
        author=citizen, panel=second, title="Ежеквартальная площадка диалога", text="", addressee=None
    )
    services.proposal_submit(
        author=citizen, addressee=body, title="Не с форума", text="Обычное онлайн-предложение."
    )
    services.proposal_change_status(
        actor=official, proposal=a, to_status="accepted", text="Зал предоставим бесплатно."
    )
    page = client.get(reverse("proposals:list"), {"event": event.pk}).content.decode()
    assert "Концерты для общества слепых" in page and "Не с форума" not in page
    api = client.get("/api/v1/proposals", {"event": event.pk}).json()
    assert api["count"] == 2
    xlsx = client.get(reverse("proposals:event_export", args=[event.pk, "xlsx"]))
    from openpyxl import load_workbook

    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(min_row=3)]
    assert [(r[0], r[1], r[3], r[6]) for r in rows] == [
        (session.title, str(culture.name), "Концерты для общества слепых", "Зал предоставим бесплатно."),
        (other.title, "Другое", "Ежеквартальная площадка диалога", None),
    ]
    pdf = client.get(reverse("proposals:event_export", args=[event.pk, "pdf"]))
    assert pdf.content[:5] == b"%PDF-"
    assert Proposal.objects.filter(origin_event=event).count() == 2
