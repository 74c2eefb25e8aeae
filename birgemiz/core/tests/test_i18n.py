"""Languages: every message translated; URLs carry the language; ``/`` picks one well."""

from pathlib import Path

import pytest
from django.conf import settings

from birgemiz.core.i18n_check import extract, untranslated

ROOT = Path(settings.BASE_DIR) / "birgemiz"


def test_messages_are_found_in_code_and_templates():
    msgids = {m.msgid for m in extract(ROOT)}
    assert "Today" in msgids  # core/dates.py
    assert "Skip to content" in msgids  # templates/base.html


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_every_message_has_a_translation(language):
    po_file = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    assert po_file.exists(), f"{po_file} is missing: run make messages"
    missing = untranslated(ROOT, po_file)
    report = "\n".join(f"  {m.where}: {m.msgid!r}" for m in missing[:40])
    assert not missing, f"{len(missing)} messages lack a {language} translation:\n{report}"


@pytest.mark.parametrize(
    ("cookie", "accept", "expected"),
    [
        (None, None, "/ru/"),
        (None, "kk-KZ,kk;q=0.9,ru;q=0.8", "/kk/"),
        (None, "en-GB,en;q=0.9", "/en/"),
        (None, "de-DE,de;q=0.9", "/ru/"),
        ("en", "kk-KZ,kk;q=0.9", "/en/"),
        ("kk", None, "/kk/"),
    ],
)
def test_root_redirects_by_cookie_then_accept_language(client, cookie, accept, expected):
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    response = client.get("/", **headers)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_pages_carry_their_language(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()


@pytest.mark.django_db
def test_kazakh_page_is_in_kazakh(client):
    html = client.get("/kk/").content.decode()
    assert "Мазмұнға өту" in html  # "Skip to content"
