import pytest

from birgemiz.core.testing import make_api_token

pytestmark = pytest.mark.django_db


def test_admin_user_pages(client, admin, citizen):
    make_api_token(citizen)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    listing = client.get("/admin/accounts/user/?q=citizen")
    assert listing.status_code == 200 and citizen.email in listing.content.decode()
    assert client.get("/admin/accounts/user/?groups__id__exact=1").status_code == 200
    assert client.get(f"/admin/accounts/user/{citizen.pk}/change/").status_code == 200
    assert client.get("/admin/accounts/user/add/").status_code == 200
    assert client.get("/admin/accounts/apitoken/").status_code == 200
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403


def test_admin_adds_a_user(client, admin):
    client.force_login(admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "Made@Admin.kz",
            "usable_password": "true",
            "password1": "a-Long-pass-2025",
            "password2": "a-Long-pass-2025",
        },
    )
    assert response.status_code == 302
    from birgemiz.accounts.models import User

    assert User.objects.filter(email__iexact="made@admin.kz").exists()


def test_editor_sees_users_but_cannot_change_them(client, editor, citizen):
    client.force_login(editor)
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/core/auditlog/").status_code == 403
    response = client.post(f"/admin/accounts/user/{citizen.pk}/change/", {"email": "x@x.kz"})
    assert response.status_code == 403


def test_moderator_sees_the_audit_log(client, moderator):
    client.force_login(moderator)
    assert client.get("/admin/core/auditlog/").status_code == 200


def test_citizen_cannot_open_the_admin(client, citizen):
    client.force_login(citizen)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
