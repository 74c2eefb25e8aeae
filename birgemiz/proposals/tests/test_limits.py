"""Rate limits: the panel's one-step sign-up counts like the sign-up page; proposals, comments
and the similar-proposals lookup are limited per person (or address)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from birgemiz.proposals import limits, services
from birgemiz.proposals.models import Comment, Proposal
from birgemiz.proposals.tests.test_api import _auth


@pytest.fixture
def panel(moderator, body):
    return services.panel_create(actor=moderator, title="Будущее страны – в наших руках", addressee=body)


def _limit(settings, name, count):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, name: (count, 3600)}


def _newcomer(n):
    return {"title": f"Идея {n}", "full_name": "Асель Нурлановна", "email": f"asel{n}@example.kz",
            "password": "Dlinnyi-parol-2026", "consent": "on"}  # fmt: skip


def test_panel_sign_ups_have_a_limit_per_address(client, settings, panel):
    # A limit of its own, larger than the sign-up page's: a hall's delegates share one address.
    assert settings.RATE_LIMITS["panel_signup"][0] > settings.RATE_LIMITS["signup"][0]
    _limit(settings, "panel_signup", 1)
    url = reverse("proposals:panel_submit", args=[panel.code])
    assert client.post(url, _newcomer(1)).status_code == 302
    client.logout()
    users = get_user_model().objects.count()
    response = client.post(url, _newcomer(2))
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    page = response.content.decode()
    assert "Подождите немного" in page and "Идея 2" in page  # what was typed stays
    assert get_user_model().objects.count() == users and Proposal.objects.count() == 1


def test_panel_password_is_kept_out_of_error_reports(client, panel):
    response = client.post(reverse("proposals:panel_submit", args=[panel.code]), _newcomer(1))
    assert response.wsgi_request.sensitive_post_parameters == ("password",)


def test_signed_in_delegate_is_limited_per_person(client, settings, citizen, panel):
    _limit(settings, limits.limit_name("submit"), 2)
    client.force_login(citizen)
    url = reverse("proposals:panel_submit", args=[panel.code])
    assert [client.post(url, {"title": f"Идея {i}"}).status_code for i in range(3)] == [302, 302, 429]
    assert Proposal.objects.count() == 2


def test_proposal_form_is_limited(client, settings, citizen, body):
    _limit(settings, limits.limit_name("submit"), 1)
    client.force_login(citizen)
    data = {"title": "Пандусы у поликлиник", "text": "Установить пандусы у всех поликлиник города.",
            "addressee": body.pk, "language": "ru"}  # fmt: skip
    assert client.post(reverse("proposals:create"), data).status_code == 302
    response = client.post(reverse("proposals:create"), data)
    assert response.status_code == 429
    assert "Вы отправили много предложений" in response.content.decode()
    assert Proposal.objects.count() == 1


def test_api_submit_is_limited(client, settings, citizen, body):
    _limit(settings, limits.limit_name("submit"), 1)
    payload = {"title": "Пандусы", "text": "Установить пандусы у всех поликлиник.", "addressee": body.slug}
    auth = _auth(citizen)
    assert (
        client.post("/api/v1/proposals", payload, content_type="application/json", **auth).status_code == 201
    )
    response = client.post("/api/v1/proposals", payload, content_type="application/json", **auth)
    assert response.status_code == 429 and response.json()["code"] == "rate_limited"
    assert Proposal.objects.count() == 1


def test_comments_are_limited(client, settings, citizen, proposal):
    _limit(settings, limits.limit_name("comment"), 2)
    client.force_login(citizen)
    url = reverse("proposals:comment", args=[proposal.pk])
    codes = [client.post(url, {"text": f"Комментарий {i}"}).status_code for i in range(3)]
    assert codes == [302, 302, 429]
    assert Comment.objects.count() == 2


def test_similar_lookup_is_limited_per_address(client, settings, proposal):
    _limit(settings, limits.limit_name("similar"), 3)
    url = reverse("proposals:similar")
    codes = [client.get(url, {"title": "социальные услуги"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # Another address has its own budget.
    assert client.get(url, {"title": "услуги"}, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_borrowed_limits_do_not_share_counters(client, settings, citizen, proposal):
    """Writing comments does not use up the sign-in attempts of the same address."""
    _limit(settings, limits.limit_name("comment"), 1)
    client.force_login(citizen)
    from birgemiz.core.ratelimit import hit

    for _ in range(3):
        client.post(reverse("proposals:comment", args=[proposal.pk]), {"text": "Ещё"})
    assert hit(limits.limit_name("comment"), "127.0.0.1")
