import pytest
from django.urls import reverse

from birgemiz.core.testing import UnverifiedUserFactory
from birgemiz.proposals import selectors, services
from birgemiz.proposals.models import Proposal
from birgemiz.proposals.services import ProposalError


@pytest.fixture
def panel(moderator, body):
    return services.panel_create(actor=moderator, title="Будущее страны – в наших руках", addressee=body)


def test_only_moderators_open_panels(official, body):
    with pytest.raises(ProposalError):
        services.panel_create(actor=official, title="x", addressee=body)


def test_panel_page_has_a_qr_code_and_a_short_link(client, panel):
    page = client.get(panel.get_absolute_url()).content.decode()
    assert "<svg" in page and f"/p/{panel.code}" in page
    response = client.get(f"/p/{panel.code}")
    assert response.status_code == 302 and response.url.endswith(f"/proposals/panels/{panel.code}/new/")


def test_signed_in_delegate_submits_from_the_phone_form(client, citizen, panel, body):
    client.force_login(citizen)
    response = client.post(
        reverse("proposals:panel_submit", args=[panel.code]), {"title": "Ресурсный центр для сёл"}
    )
    assert response.status_code == 302
    p = Proposal.objects.get()
    assert (p.panel, p.addressee, p.origin, p.author) == (panel, body, "event", citizen)
    assert [i.title for i in selectors.wall_items(panel)] == ["Ресурсный центр для сёл"]


def test_a_newcomer_registers_in_the_same_step(client, panel):
    response = client.post(
        reverse("proposals:panel_submit", args=[panel.code]),
        {"title": "Коворкинг для НКО", "full_name": "Асель Нурлановна", "email": "asel@example.kz",
         "password": "Dlinnyi-parol-2026", "consent": "on"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    p = Proposal.objects.get()
    assert p.author.email == "asel@example.kz" and not p.author.is_verified
    # the newcomer is signed in now and can send one more
    client.post(reverse("proposals:panel_submit", args=[panel.code]), {"title": "Ещё одно предложение"})
    assert Proposal.objects.filter(author=p.author).count() == 2


def test_a_closed_panel_refuses(client, moderator, panel):
    services.panel_set_open(actor=moderator, panel=panel, is_open=False)
    panel.refresh_from_db()
    with pytest.raises(ProposalError):
        services.proposal_submit(
            author=UnverifiedUserFactory(), panel=panel, title="x", text="y", addressee=None
        )


def test_wall_fragment_is_cheap_and_moderators_hide(
    client, citizen, moderator, panel, django_assert_max_num_queries
):
    for i in range(30):
        services.proposal_submit(
            author=citizen, panel=panel, title=f"Идея {i}", text=f"Идея {i}", addressee=None
        )
    with django_assert_max_num_queries(3):
        fragment = client.get(reverse("proposals:panel_wall_items", args=[panel.code])).content.decode()
    assert fragment.count('<li class="wall-card"') == selectors.WALL_SIZE and "Идея 29" in fragment
    top = Proposal.objects.get(title="Идея 29")
    client.force_login(moderator)
    client.post(reverse("proposals:wall", args=[top.pk]), HTTP_HX_REQUEST="true")
    client.logout()
    fragment = client.get(reverse("proposals:panel_wall_items", args=[panel.code])).content.decode()
    assert "Идея 29" not in fragment and "Идея 28" in fragment
    assert client.get(reverse("proposals:panel_wall", args=[panel.code])).status_code == 200


def test_forum_export_pdf_and_xlsx(client, citizen, official, panel):
    p = services.proposal_submit(
        author=citizen,
        panel=panel,
        title="Қазақ тілінде грант жазуды оқыту",
        text="ә ғ қ ң ө ұ ү һ і",
        addressee=None,
    )  # noqa: E501
    services.proposal_change_status(
        actor=official, proposal=p, to_status="accepted", text="Қабылданды, жоспарға енгізілді."
    )
    xlsx = client.get(reverse("proposals:panel_export", args=[panel.code, "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Қазақ тілінде грант жазуды оқыту" in values and "Қабылданды, жоспарға енгізілді." in values
    pdf = client.get(reverse("proposals:panel_export", args=[panel.code, "pdf"]))
    assert pdf.content[:5] == b"%PDF-"
    # The text is set in an embedded font that has the Kazakh letters (PT Sans, else DejaVu Sans).
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from birgemiz.proposals import exports, selectors

    groups = exports.group_for_forum(selectors.panel_proposals(panel), session_of=lambda p: panel.title)
    html = render_to_string("proposals/forum_export.html", {"title": panel.title, "groups": groups})
    raw = HTML(string=html).write_pdf(uncompressed_pdf=True)
    assert b"PT-Sans" in raw or b"DejaVu" in raw
