"""Organisers edit and remove speakers, photos and news links of their own event; nobody else
can, and another event's objects are out of reach (404)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape

from birgemiz.events import services
from birgemiz.events.models import EventLink, EventPhoto, Speaker
from birgemiz.events.tests.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 6), "navy").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def content(event, ngo_leader):
    session = SessionFactory(event=event)
    speaker = services.speaker_add(
        actor=ngo_leader, session=session, name="Бану Нургазиева", title="президент"
    )
    photo = services.photo_add(
        event=event, actor=ngo_leader, image=SimpleUploadedFile("x.png", _png()), credit="Акимат ВКО"
    )
    link = services.link_add(
        event=event, actor=ngo_leader, url="https://ustinka.kz/n/1", title="Форум прошёл"
    )
    return session, speaker, photo, link


def _urls(event, session, speaker):
    return {
        "speaker_edit": f"/ru/events/{event.slug}/programme/{session.pk}/speakers/{speaker.pk}/",
        "session": f"/ru/events/{event.slug}/programme/{session.pk}/",
        "outcomes": f"/ru/events/{event.slug}/outcomes/",
    }


def test_only_organisers_may_edit_or_remove(client, event, content, named_users):
    session, speaker, photo, link = content
    urls = _urls(event, session, speaker)
    allowed = {"ngo_leader", "editor", "admin"}
    for key, user in named_users.items():
        if key in allowed:
            continue
        client.force_login(user)
        assert client.get(urls["speaker_edit"]).status_code == 403, key
        assert client.post(urls["speaker_edit"], {"role": "speaker", "name": "X"}).status_code == 403
        assert client.post(urls["session"], {"remove_speaker": speaker.pk}).status_code == 403
        assert client.post(urls["outcomes"], {"remove_photo": photo.pk}).status_code == 403
        assert client.post(urls["outcomes"], {"remove_link": link.pk}).status_code == 403
    client.logout()
    assert client.post(urls["outcomes"], {"remove_link": link.pk}).status_code == 302  # to sign in
    assert Speaker.objects.get(pk=speaker.pk).name == "Бану Нургазиева"
    assert EventPhoto.objects.filter(pk=photo.pk).exists() and EventLink.objects.filter(pk=link.pk).exists()


def test_another_events_objects_are_out_of_reach(client, event, content, ngo_leader):
    """The organiser of this event cannot reach the speakers, photos or links of another."""
    session, speaker, photo, link = content
    other = EventFactory()
    other.organiser_users.add(ngo_leader)
    client.force_login(ngo_leader)
    other_session = SessionFactory(event=other)
    assert (
        client.get(f"/ru/events/{other.slug}/programme/{other_session.pk}/speakers/{speaker.pk}/").status_code
        == 404
    )
    assert (
        client.post(
            f"/ru/events/{other.slug}/programme/{other_session.pk}/", {"remove_speaker": speaker.pk}
        ).status_code
        == 404
    )
    assert client.post(f"/ru/events/{other.slug}/outcomes/", {"remove_photo": photo.pk}).status_code == 404
    assert client.post(f"/ru/events/{other.slug}/outcomes/", {"remove_link": link.pk}).status_code == 404
    assert client.post(f"/ru/events/{event.slug}/outcomes/", {"remove_link": "x"}).status_code == 404
    assert Speaker.objects.filter(pk=speaker.pk).exists()
    assert EventPhoto.objects.filter(pk=photo.pk).exists() and EventLink.objects.filter(pk=link.pk).exists()


def test_organiser_edits_and_removes(client, event, content, ngo_leader, django_capture_on_commit_callbacks):
    session, speaker, photo, link = content
    urls = _urls(event, session, speaker)
    client.force_login(ngo_leader)
    assert "Бану Нургазиева" in client.get(urls["speaker_edit"]).content.decode()
    bad = client.post(urls["speaker_edit"], {"role": "moderator", "name": " ", "title": "директор"})
    with translation.override("ru"):
        required = escape(translation.gettext("This field is required."))
    assert bad.status_code == 400 and required in bad.content.decode()
    speaker.refresh_from_db()
    assert (speaker.role, speaker.title) == ("speaker", "президент")
    response = client.post(
        urls["speaker_edit"],
        {
            "role": "moderator",
            "name": "Б. Нургазиева",
            "title": "председатель",
            "organisation_name": "ОО «Альянс»",
        },
    )
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert (speaker.role, speaker.name, speaker.title) == ("moderator", "Б. Нургазиева", "председатель")
    assert client.post(urls["session"], {"remove_speaker": speaker.pk}).status_code == 302
    assert not session.speakers.exists()
    storage, name = photo.image.storage, photo.image.name
    assert storage.exists(name)
    html = client.get(urls["outcomes"]).content.decode()
    assert "Форум прошёл" in html and photo.image.url in html
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(urls["outcomes"], {"remove_photo": photo.pk}).status_code == 302
    assert not event.photos.exists() and not storage.exists(name)
    assert client.post(urls["outcomes"], {"remove_link": link.pk}).status_code == 302
    assert not event.links.exists()
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Форум прошёл" not in html and "Б. Нургазиева" not in html
