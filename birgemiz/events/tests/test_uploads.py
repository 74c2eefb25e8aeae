"""Event covers and photos: real PNG/JPEG/WebP pictures, stored under their real extension."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from birgemiz.core.tests.test_uploads import image_bytes
from birgemiz.events import services
from birgemiz.events.models import EventPhoto

pytestmark = pytest.mark.django_db


def test_a_png_named_html_is_stored_as_png(event, ngo_leader):
    upload = SimpleUploadedFile("x.html", image_bytes("PNG"), content_type="text/html")
    photo = services.photo_add(event=event, actor=ngo_leader, image=upload, caption_ru="Открытие")
    assert photo.image.name.endswith(".png")


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_refused(event, ngo_leader, fmt):
    upload = SimpleUploadedFile("x.png", image_bytes(fmt))
    with pytest.raises(services.EventError) as refused:
        services.photo_add(event=event, actor=ngo_leader, image=upload)
    assert refused.value.code == "not_an_image"
    assert not EventPhoto.objects.exists()


def test_a_decompression_bomb_is_a_clear_refusal(event, ngo_leader, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10)  # Pillow raises past twice this
    upload = SimpleUploadedFile("x.png", image_bytes("PNG", size=(10, 10)))
    with pytest.raises(services.EventError) as refused:
        services.photo_add(event=event, actor=ngo_leader, image=upload)
    assert refused.value.code == "image_too_large"
    assert not EventPhoto.objects.exists()


def test_editing_an_event_keeps_its_cover_as_it_is(event, ngo_leader):
    cover = SimpleUploadedFile("cover.png", image_bytes("PNG"))
    services.event_update(actor=ngo_leader, event=event, data={"cover": cover})
    event.refresh_from_db()
    name = event.cover.name
    assert name.endswith(".png")
    # The edit form hands back the stored file when no new one is chosen: nothing re-encoded.
    services.event_update(actor=ngo_leader, event=event, data={"cover": event.cover, "venue": "Дом дружбы"})
    event.refresh_from_db()
    assert event.cover.name == name and event.venue == "Дом дружбы"
