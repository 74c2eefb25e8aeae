"""Pages: the directory (query counts at two sizes), profile, edit, claim, queue, figures,
import and export, with every refusal."""

import io
import json

import pytest
from openpyxl import load_workbook

from birgemiz.orgs.choices import ClaimStatus, MemberRole
from birgemiz.orgs.models import MembershipClaim, Organisation
from birgemiz.orgs.tests.factories import OrganisationFactory, StateBodyFactory

pytestmark = pytest.mark.django_db


def test_directory_query_count_stays_flat(client, django_assert_max_num_queries):
    OrganisationFactory.create_batch(3)
    with django_assert_max_num_queries(8):
        assert client.get("/ru/orgs/").status_code == 200
    OrganisationFactory.create_batch(40)
    with django_assert_max_num_queries(8):
        html = client.get("/ru/orgs/?sort=-added").content.decode()
    assert html.count('class="card org-card"') == 20  # one page


def test_directory_filters_and_bad_filter_values(client):
    OrganisationFactory(name_ru="Батыр")
    StateBodyFactory(name_ru="Акимат Темиртау")
    html = client.get("/ru/orgs/?kind=state_body").content.decode()
    assert "Акимат Темиртау" in html and "Батыр" not in html
    response = client.get("/ru/orgs/?kind=spaceship")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Батыр" in html and "Акимат Темиртау" in html  # the bad filter is ignored, and said so
    assert "errorlist" in html


def test_profile_page_is_public_and_cacheable(client, ngo):
    response = client.get(f"/ru/orgs/{ngo.slug}/")
    assert response.status_code == 200
    assert not response.cookies
    assert "ОО «Женщины – за будущее нации»" in response.content.decode()
    assert client.get("/ru/orgs/no-such-org/").status_code == 404


def test_only_the_organisations_editors_and_staff_edit(client, ngo, citizen, ngo_leader, editor):
    url = f"/ru/orgs/{ngo.slug}/edit/"
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(citizen)
    assert client.post(url, {"name_ru": "Захват"}).status_code == 403
    client.force_login(ngo_leader)
    response = client.post(
        url, {"kind": "ngo", "name_ru": ngo.name_ru, "status": "active", "legal_form": ngo.legal_form_id,
              "bin": "940140000384", "description": "Помогаем семьям."},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Контрольная (последняя) цифра должна быть 5, а не 4." in response.content.decode()
    ngo.refresh_from_db()
    assert ngo.description == ""  # nothing changed
    response = client.post(
        url, {"kind": "ngo", "name_ru": ngo.name_ru, "status": "active", "legal_form": ngo.legal_form_id,
              "bin": ngo.bin, "description": "Помогаем семьям.", "social_links": "https://t.me/women"},
    )  # fmt: skip
    assert response.status_code == 302
    ngo.refresh_from_db()
    assert ngo.description == "Помогаем семьям." and ngo.social_links == ["https://t.me/women"]


def test_user_text_is_escaped(client, editor):
    org = OrganisationFactory(name_ru="<script>alert(1)</script>", description="<b>x</b>")
    html = client.get(f"/ru/orgs/{org.slug}/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_claim_flow_through_the_pages(client, citizen, moderator, ngo):
    url = f"/ru/orgs/{ngo.slug}/claim/"
    client.force_login(citizen)
    response = client.post(url, {"role": "editor", "note": ""})
    assert response.status_code == 400
    assert "Расскажите модератору, кто вы в организации." in response.content.decode()
    assert not MembershipClaim.objects.exists()
    fake = io.BytesIO(b"MZ not a pdf")
    fake.name = "order.pdf"
    response = client.post(url, {"role": "editor", "note": "Пресс-секретарь", "document": fake})
    assert response.status_code == 400 and not MembershipClaim.objects.exists()
    assert client.post(url, {"role": "editor", "note": "Пресс-секретарь"}).status_code == 302
    claim = MembershipClaim.objects.get()
    assert client.get(url).status_code == 403  # not a second claim while one is waiting
    client.force_login(citizen)
    assert client.get("/ru/orgs/claims/").status_code == 403
    client.force_login(moderator)
    response = client.post("/ru/orgs/claims/", {"claim": claim.pk, "decision": "reject", "reason": ""})
    assert response.status_code == 400
    client.post("/ru/orgs/claims/", {"claim": claim.pk, "decision": "approve"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert ngo.memberships.get(user=citizen).role == MemberRole.EDITOR


def test_members_page_for_leaders_and_moderators_only(client, ngo, ngo_leader, citizen, moderator):
    url = f"/ru/orgs/{ngo.slug}/members/"
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    for user in (ngo_leader, moderator):
        client.force_login(user)
        assert client.get(url).status_code == 200
    leadership = ngo.memberships.get()
    response = client.post(url, {"membership": leadership.pk, "action": "remove"})
    assert response.status_code == 400  # the last leader stays
    assert ngo.memberships.count() == 1


def test_figures_page_and_region_section(client):
    OrganisationFactory.create_batch(3, region_id=None)
    karaganda = __import__("birgemiz.geo.models", fromlist=["Region"]).Region.objects.get(slug="karaganda")
    OrganisationFactory.create_batch(2, region=karaganda)
    OrganisationFactory(region=karaganda, status="inactive")
    html = client.get("/ru/orgs/figures/?region=karaganda").content.decode()
    assert "НПО в цифрах: Карагандинская область" in html
    assert client.get("/ru/orgs/figures/?region=atlantis").status_code == 404
    html = client.get("/ru/regions/karaganda/").content.decode()
    assert "Зарегистрировано 3, из них действуют 2." in html


def test_exports_follow_the_filters_and_quote_formulas(client):
    OrganisationFactory(name_ru="=HYPERLINK(1)")
    OrganisationFactory(name_ru="Батыр", status="inactive")
    csv_text = b"".join(client.get("/ru/orgs/export.csv?status=active").streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv_text and "Батыр" not in csv_text
    data = json.loads(b"".join(client.get("/ru/orgs/export.json").streaming_content))
    assert {row["name_ru"] for row in data} == {"=HYPERLINK(1)", "Батыр"}
    book = load_workbook(io.BytesIO(client.get("/ru/orgs/export.xlsx?q=батыр").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "bin" and len(rows) == 2 and rows[1][1] == "Батыр"
    assert client.get("/ru/orgs/export.pdf").status_code == 404


def test_import_page_reports_each_bad_row_and_writes_nothing(client, editor, citizen):
    content = "name_ru,bin,legal_form,region\nБатыр,940140000385,ОО,karaganda\n,940140000384,XX,mars\n"
    upload = io.BytesIO(content.encode())
    upload.name = "orgs.csv"
    client.force_login(citizen)
    assert client.post("/ru/orgs/import/", {"file": upload}).status_code == 403
    client.force_login(editor)
    upload.seek(0)
    response = client.post("/ru/orgs/import/", {"file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    for reason in ("Контрольная (последняя) цифра должна быть 5, а не 4.", "Неизвестный регион «mars».",
                   "Укажите название на русском или на казахском языке."):  # fmt: skip
        assert reason in html
    assert not Organisation.objects.exists()
    good = io.BytesIO(b"name_ru,bin\n\xd0\x91\xd0\xb0\xd1\x82\xd1\x8b\xd1\x80,940140000385\n")
    good.name = "orgs.csv"
    assert client.post("/ru/orgs/import/", {"file": good}).status_code == 200
    assert Organisation.objects.get().name_ru == "Батыр"


def test_claim_documents_are_private(client, citizen, moderator, outsider, ngo, settings):
    client.force_login(citizen)
    pdf = io.BytesIO(b"%PDF-1.4 order of appointment")
    pdf.name = "Приказ Иванова.pdf"
    assert (
        client.post(
            f"/ru/orgs/{ngo.slug}/claim/", {"role": "editor", "note": "Юрист", "document": pdf}
        ).status_code
        == 302
    )
    claim = MembershipClaim.objects.get()
    assert "Иванова" not in claim.document.name  # a random name
    url = f"/ru/orgs/claims/{claim.pk}/document/"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    for user in (citizen, moderator):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    stored = claim.document.path  # outside the public media folder
    assert stored.startswith(str(settings.PRIVATE_MEDIA_ROOT)) and not stored.startswith(
        str(settings.MEDIA_ROOT)
    )
    claim.document.delete(save=False)
