import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from birgemiz.core.testing import UserFactory
from birgemiz.proposals import services
from birgemiz.proposals.choices import Status
from birgemiz.proposals.models import Proposal
from birgemiz.proposals.tests.factories import make_proposal


def make_many(n, author, body, **kw):
    for i in range(n):
        make_proposal(
            author=author, addressee=body, received=dt.date(2026, 1, 5) + dt.timedelta(days=i % 200), **kw
        )


@pytest.mark.parametrize("n", [3, 30])
def test_list_query_count_is_bounded(client, citizen, body, n, django_assert_max_num_queries):
    make_many(n, citizen, body)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("proposals:list"))
    assert response.status_code == 200
    assert response.content.count(b"proposal-card") >= min(n, 20)


def test_list_shows_names_from_the_memos_and_counts_what_was_just_sent(
    client, citizen, official, body, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    make_many(3, citizen, body)
    client.get(reverse("proposals:list"))  # memos and the count are warm now
    with django_assert_max_num_queries(3):  # the page of proposals, the notices' count, the session
        page = client.get(reverse("proposals:list")).content.decode()
    assert "Найдено 3 предложения" in page
    assert page.count(body.short_name) >= 3 and body.region.name in page
    # A new proposal moves the cached count at once.
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(
            author=citizen, addressee=body, title="Только что отправлено",
            text="Текст нового предложения для проверки счётчика.",
        )  # fmt: skip
    page = client.get(reverse("proposals:list")).content.decode()
    assert "Найдено 4 предложения" in page and "Только что отправлено" in page
    # A filtered count follows a status change as well.
    answered = reverse("proposals:list") + "?status=answered"
    assert "Найдено 0 предложений" in client.get(answered).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_change_status(
            actor=official, proposal=Proposal.objects.get(title="Только что отправлено"),
            to_status=Status.ANSWERED, text="Ответ по существу.",
        )  # fmt: skip
    assert "Найдено 1 предложение" in client.get(answered).content.decode()


def test_list_filters_and_overdue_flag(client, citizen, body, other_body):
    late = make_proposal(
        author=citizen, addressee=body, received=dt.date(2025, 1, 6), title="Старое без ответа"
    )
    make_proposal(author=citizen, addressee=other_body, title="Новое другому органу")
    page = client.get(reverse("proposals:list"), {"overdue": "on"}).content.decode()
    assert late.title in page and "Новое другому органу" not in page
    assert "proposal-card--overdue" in page
    page = client.get(reverse("proposals:list"), {"body": other_body.slug}).content.decode()
    assert "Новое другому органу" in page and late.title not in page
    page = client.get(reverse("proposals:list"), {"sort": "unanswered"}).content.decode()
    assert page.index(late.title) < page.index("Новое другому органу")


@pytest.mark.parametrize("n", [2, 20])
def test_detail_query_count_is_bounded(client, citizen, official, body, n, django_assert_max_num_queries):
    p = make_proposal(author=citizen, addressee=body)
    for i in range(n):
        services.comment_add(author=UserFactory(), proposal=p, text=f"Комментарий {i}")
    services.proposal_change_status(
        actor=official, proposal=p, to_status=Status.UNDER_CONSIDERATION, text="Смотрим."
    )
    client.force_login(citizen)
    with django_assert_max_num_queries(16):
        response = client.get(p.get_absolute_url())
    assert response.status_code == 200
    assert "Смотрим." in response.content.decode()


@pytest.mark.parametrize("n", [3, 40])
def test_dashboard_query_count_is_bounded(
    client, citizen, official, body, other_body, n, django_assert_max_num_queries
):
    make_many(n, citizen, body)
    make_many(n, citizen, other_body)
    for p in Proposal.objects.filter(addressee=body)[: n // 2 + 1]:
        services.proposal_change_status(actor=official, proposal=p, to_status=Status.ANSWERED, text="Ответ.")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("proposals:dashboard"), {"start": "2025-01-01", "end": "2026-12-31"})
    assert response.status_code == 200
    assert f'id="total-received">{2 * n}<' in response.content.decode()


def test_dashboard_exports(client, citizen, body):
    make_proposal(author=citizen, addressee=body)
    csv = client.get(reverse("proposals:dashboard_export", args=["csv"]))
    assert csv.status_code == 200 and body.short_name in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("proposals:dashboard_export", args=["xlsx"]))
    assert xlsx.content[:2] == b"PK"


def test_submit_page_and_similar_fragment(client, citizen, body, django_capture_on_commit_callbacks):
    client.force_login(citizen)
    assert client.get(reverse("proposals:create")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("proposals:create"),
            {"title": "Социальные услуги пожилым на дому", "addressee": body.pk, "language": "ru",
             "text": "Расширить социальные услуги пожилым людям.",
             "attachments": [SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")]},
        )  # fmt: skip
    p = Proposal.objects.get()
    assert response.status_code == 302 and response.url == p.get_absolute_url()
    assert p.attachments.count() == 1
    fragment = client.get(
        reverse("proposals:similar"), {"title": "социальные услуги пожилым"}
    ).content.decode()
    assert p.title in fragment


def test_submit_rejects_a_disguised_file(client, citizen, body):
    client.force_login(citizen)
    response = client.post(
        reverse("proposals:create"),
        {"title": "Заголовок", "text": "Текст предложения достаточно длинный.", "addressee": body.pk,
         "language": "ru", "attachments": [SimpleUploadedFile("a.pdf", b"<html>not a pdf")]},
    )  # fmt: skip
    assert response.status_code == 400 and not Proposal.objects.exists()


def test_official_answers_through_the_page(client, official, proposal, django_capture_on_commit_callbacks):
    client.force_login(official)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert f'action="{reverse("proposals:status", args=[proposal.pk])}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("proposals:status", args=[proposal.pk]), {"to_status": "answered", "text": "Разъяснение."}
        )
    proposal.refresh_from_db()
    assert proposal.status == Status.ANSWERED


def test_support_with_htmx(client, outsider, proposal):
    client.force_login(outsider)
    response = client.post(reverse("proposals:support", args=[proposal.pk]), HTTP_HX_REQUEST="true")
    assert 'id="support-count">1<' in response.content.decode()
    response = client.post(
        reverse("proposals:support", args=[proposal.pk]), {"withdraw": "1"}, HTTP_HX_REQUEST="true"
    )
    assert 'id="support-count">0<' in response.content.decode()


def test_hidden_proposal_is_not_public(client, moderator, proposal, citizen):
    services.proposal_hide(actor=moderator, proposal=proposal, reason="Спам")
    assert client.get(proposal.get_absolute_url()).status_code == 404
    client.force_login(citizen)
    assert client.get(proposal.get_absolute_url()).status_code == 200


def test_sections_on_region_and_org_pages(client, citizen, body, ngo, ngo_leader, region):
    make_proposal(author=citizen, addressee=body, title="Адресовано акимату")
    services.proposal_submit(
        author=ngo_leader, addressee=body, on_behalf_of=ngo, title="От общества слепых",
        text="Помочь с проведением культурных мероприятий.",
    )  # fmt: skip
    # The host pages carry a placeholder that loads the section (no query of ours on them).
    assert (
        reverse("proposals:section", args=["region", region.pk])
        in client.get(region.get_absolute_url()).content.decode()
    )
    assert (
        reverse("proposals:section", args=["org", body.pk])
        in client.get(body.get_absolute_url()).content.decode()
    )

    def section(kind, pk):
        return client.get(reverse("proposals:section", args=[kind, pk])).content.decode()

    assert "Адресовано акимату" in section("region", region.pk)
    assert "Адресовано акимату" in section("org", body.pk)
    page = section("org", ngo.pk)
    assert "От общества слепых" in page and "Адресовано акимату" not in page


def test_comments_and_notifications_pages(
    client, citizen, official, proposal, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    client.post(reverse("proposals:comment", args=[proposal.pk]), {"text": "Важный вопрос"})
    assert "Важный вопрос" in client.get(proposal.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_change_status(
            actor=official, proposal=proposal, to_status=Status.REJECTED, text="Нет средств."
        )
    assert "Нет средств." in client.get(reverse("proposals:notifications")).content.decode()


def test_reading_notifications_changes_nothing_the_button_marks_them_read(
    client, citizen, official, proposal, django_capture_on_commit_callbacks
):
    from birgemiz.proposals.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_change_status(
            actor=official, proposal=proposal, to_status=Status.UNDER_CONSIDERATION, text="Изучаем."
        )
    url = reverse("proposals:notifications")
    client.force_login(citizen)
    for _ in range(2):
        page = client.get(url).content.decode()
        assert "Изучаем." in page and "card--current" in page
    assert Notification.objects.filter(user=citizen, read_at__isnull=True).count() == 1
    # A plain form (no JavaScript): POST, then back to the page.
    assert f'<form method="post" action="{url}">' in page and "Отметить все как прочитанные" in page
    response = client.post(url)
    assert response.status_code == 302 and response.url == url
    assert not Notification.objects.filter(user=citizen, read_at__isnull=True).exists()
    page = client.get(url).content.decode()
    assert "card--current" not in page and "Отметить все" not in page
    client.logout()
    assert (
        client.post(url).status_code == 302
        and Notification.objects.filter(read_at__isnull=False).count() == 1
    )


def test_the_cached_filter_form_follows_the_query_and_new_bodies(client, body):
    from birgemiz.orgs.tests.factories import StateBodyFactory

    page = client.get(reverse("proposals:list")).content.decode()
    assert f'<option value="{body.slug}">' in page
    chosen = client.get(reverse("proposals:list"), {"body": body.slug}).content.decode()
    assert f'<option value="{body.slug}" selected>' in chosen
    new = StateBodyFactory(name_ru="Управление цифровизации", short_name_ru="УЦ")
    page = client.get(reverse("proposals:list")).content.decode()
    assert f'<option value="{new.slug}">' in page
