"""Uploads are stored under the extension of what they are, never the one the uploader chose."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from birgemiz.core import uploads
from birgemiz.events.models import cover_path, photo_path
from birgemiz.orgs.models import claim_document_path, logo_path
from birgemiz.proposals.models import attachment_path, document_path


def image_bytes(fmt: str, size=(4, 3)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.4\n", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"\xff\xd8\xff\xe0", "image/jpeg"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"<html><script>alert(1)</script>", None),
        (b"GIF89a", None),
        (b"", None),
    ],
)
def test_sniff_reads_the_first_bytes(content, expected):
    upload = SimpleUploadedFile("x.pdf", content)
    assert uploads.sniff(upload) == expected
    assert upload.tell() == 0  # left ready to be saved


@pytest.mark.parametrize("name", ["x.html", "x.svg", "x.php", "noextension", "x.PNG.html", ".htaccess"])
def test_no_upload_path_keeps_an_extension_a_browser_would_run(name):
    paths = [
        cover_path(type("E", (), {"slug": "forum"})(), name),
        photo_path(type("P", (), {"event_id": 7})(), name),
        logo_path(type("O", (), {"slug": "batyr"})(), name),
        claim_document_path(None, name),
        attachment_path(None, name),
        document_path(None, name),
    ]
    assert all(path.endswith(".bin") for path in paths), paths


def test_known_extensions_are_kept_and_names_are_not():
    assert attachment_path(None, "Иванов паспорт.PDF").endswith(".pdf")
    assert "Иванов" not in attachment_path(None, "Иванов паспорт.PDF")
    assert cover_path(type("E", (), {"slug": "forum"})(), "a.JPG") == "events/covers/forum.jpg"


def test_name_by_content_renames_before_saving():
    upload = SimpleUploadedFile("evil.html", image_bytes("PNG"))
    uploads.name_by_content(upload, uploads.sniff(upload))
    assert upload.name == "upload.png"


def jpeg_with_exif(size=(40, 20)) -> bytes:
    """A phone's photo: the camera's make, a GPS position and 'rotate 90°' in its EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: the picture must be turned 90° clockwise to stand upright
    exif[0x8825] = {1: "N", 2: (51.0, 10.0, 0.0)}  # GPSInfo: latitude
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_pictures_lose_their_metadata_and_stand_upright():
    original = SimpleUploadedFile("IMG_0042.jpg", jpeg_with_exif())
    with Image.open(io.BytesIO(original.read())) as before:
        assert before.getexif()[0x010F] == "PhoneMaker"
    clean = uploads.without_metadata(original, "image/jpeg")
    assert clean.name == "upload.jpg" and clean.original_name == "IMG_0042.jpg"
    with Image.open(clean) as after:
        assert dict(after.getexif()) == {}
        assert after.size == (20, 40)  # turned as the EXIF said, before the EXIF went


def test_stored_photos_and_attachments_carry_no_exif(db, settings):
    from birgemiz.core.testing import UserFactory
    from birgemiz.events import services as event_services
    from birgemiz.events.tests.factories import EventFactory
    from birgemiz.orgs.tests.factories import StateBodyFactory
    from birgemiz.proposals import services as proposal_services

    event = EventFactory()
    photo = event_services.photo_add(
        event=event, actor=None, image=SimpleUploadedFile("x.jpg", jpeg_with_exif())
    )
    from birgemiz.geo.models import Region

    karaganda = Region.objects.get(slug="karaganda")
    proposal = proposal_services.proposal_submit(
        author=UserFactory(), addressee=StateBodyFactory(region=karaganda), region=karaganda,
        title="Фото ямы на дороге",
        text="Прикладываю фотографию ямы во дворе дома.",
        attachments=[SimpleUploadedFile("IMG_0042.jpg", jpeg_with_exif())],
    )  # fmt: skip
    for stored in (photo.image, proposal.attachments.get().file):
        with stored.open("rb") as f, Image.open(f) as picture:
            assert dict(picture.getexif()) == {}, stored.name
    assert proposal.attachments.get().name == "IMG_0042.jpg"
