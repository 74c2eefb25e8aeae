"""Real Chromium: sign up → open the link from the mail → sign in → download my data."""

import json
import re

import pytest
from django.core import mail

from birgemiz.accounts.models import User
from birgemiz.core.testing import PASSWORD as FACTORY_PASSWORD
from birgemiz.core.testing import UserFactory
from birgemiz.geo.loaders import load_regions
from birgemiz.geo.models import City, Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-test-pass-2025"


@pytest.fixture(autouse=True)
def _regions(transactional_db):
    # Live-server tests flush the database between tests, data migrations included.
    load_regions(Region, City)


def test_sign_up_verify_sign_in_and_download_my_data(live_server, page, settings, tmp_path):
    settings.SITE_URL = live_server.url  # links in mails point at the test server
    mail.outbox.clear()

    page.goto(f"{live_server.url}/ru/accounts/signup/")
    page.fill("#id_email", "Browser.User@Example.kz")
    page.fill("#id_full_name", "Айдана Браузерова")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.select_option("#id_region", label="Карагандинская область")
    page.select_option("#id_preferred_language", "ru")
    page.check("#id_consent")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    assert "browser.user@example.kz" in page.content()

    user = User.objects.get(email="browser.user@example.kz")
    assert user.personal_data_consent_at is not None and not user.is_verified
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/verify/\S+/", mail.outbox[0].body).group(0)

    page.goto(link)
    assert "/ru/accounts/login/" in page.url
    user.refresh_from_db()
    assert user.is_verified

    page.fill("#id_username", "BROWSER.USER@example.kz")
    page.fill("#id_password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/ru/accounts/profile/$"))
    assert "browser.user@example.kz" in page.content()
    assert page.context.cookies()  # signed in

    with page.expect_download() as download_info:
        page.click("form[action$='/accounts/profile/data/'] button")
    download = download_info.value
    assert download.suggested_filename.startswith("birgemiz-my-data-")
    path = tmp_path / "data.json"
    download.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["profile"]["email"] == "browser.user@example.kz"
    assert data["profile"]["full_name"] == "Айдана Браузерова"
    assert data["profile"]["region"]["slug"] == "karaganda"
    assert data["profile"]["personal_data_consent_at"]
    assert {"accounts.signup", "accounts.verify_email", "accounts.export"} <= {
        e["action"] for e in data["audit_log"]
    }


def test_choosing_kazakh_in_the_profile_switches_the_site(live_server, page):
    UserFactory(email="til@example.kz", preferred_language="ru")
    page.goto(f"{live_server.url}/ru/accounts/login/")
    page.fill("#id_username", "til@example.kz")
    page.fill("#id_password", FACTORY_PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/ru/accounts/profile/$"))
    page.select_option("#id_preferred_language", "kk")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/kk/accounts/profile/$"))
    assert page.locator("html").get_attribute("lang") == "kk"
    cookie = next(c for c in page.context.cookies() if c["name"] == "birgemiz_language")
    assert cookie["value"] == "kk"
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/kk/"


def test_bad_sign_up_shows_the_error_next_to_the_field(live_server, page):
    page.goto(f"{live_server.url}/en/accounts/signup/")
    page.fill("#id_email", "not-an-address")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    email = page.locator("#id_email")
    assert email.get_attribute("aria-invalid") == "true"
    assert "id_email_error" in email.get_attribute("aria-describedby")
    assert page.locator("#id_email_error").is_visible()
    assert page.locator("#id_consent_error").is_visible()
    assert not User.objects.exists()


@pytest.mark.parametrize("width", [360, 1280])
def test_account_pages_have_no_axe_violations(live_server, page, width):
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
        "resultTypes": ["violations"],
    }
    UserFactory(email="axe@example.kz", email_verified_at=None)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/ru/accounts/login/")
    page.fill("#id_username", "axe@example.kz")
    page.fill("#id_password", FACTORY_PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/profile/$"))
    page.fill("#id_full_name", "")
    page.click("form.form button[type=submit]")  # a page with errors must be accessible too
    page.wait_for_load_state()
    for path in ["", "profile/tokens/", "profile/delete/", "password/change/", "password/reset/", "signup/"]:
        if path:
            page.goto(f"{live_server.url}/ru/accounts/{path}")
        results = Axe().run(page, options=options)
        assert results.violations_count == 0, f"{path or 'profile with errors'}:\n{results.generate_report()}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
