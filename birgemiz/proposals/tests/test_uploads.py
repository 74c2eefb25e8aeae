"""Attachments are stored under the extension of what their first bytes show."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from birgemiz.proposals import services
from birgemiz.proposals.models import Proposal
from birgemiz.proposals.services import ProposalError

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n<script>alert(1)</script>"


def submit(author, body, files):
    return services.proposal_submit(
        author=author,
        addressee=body,
        title="Участие НКО в обсуждении проектов",
        text="Приглашать НКО на обсуждение городских проектов.",
        attachments=files,
    )


def test_a_pdf_named_html_is_stored_as_pdf(citizen, body):
    proposal = submit(citizen, body, [SimpleUploadedFile("x.html", PDF, content_type="text/html")])
    (attachment,) = proposal.attachments.all()
    assert attachment.file.name.endswith(".pdf")


def test_a_web_page_is_refused_and_nothing_is_stored(citizen, body):
    with pytest.raises(ProposalError) as refused:
        submit(citizen, body, [SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>")])
    assert refused.value.code == "invalid_file"
    assert not Proposal.objects.exists()


def test_files_are_served_to_whoever_may_see_the_proposal(client, citizen, body, moderator, settings):
    proposal = submit(citizen, body, [SimpleUploadedFile("отчёт.pdf", PDF)])
    (attachment,) = proposal.attachments.all()
    assert attachment.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))  # never under /media/
    url = reverse("proposals:attachment", args=[attachment.pk])
    assert url in client.get(proposal.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    # Hidden with the proposal: the public gets 404, the author and moderators still get it.
    services.proposal_hide(actor=moderator, proposal=proposal, reason="Личные данные в приложении.")
    assert client.get(url).status_code == 404
    for person in (citizen, moderator):
        client.force_login(person)
        assert client.get(url).status_code == 200
    client.logout()
    assert client.get(reverse("proposals:attachment", args=[attachment.pk + 999])).status_code == 404


def test_status_documents_are_served_like_attachments(client, citizen, official, body, moderator):
    from birgemiz.proposals.choices import Status

    proposal = submit(citizen, body, [])
    event = services.proposal_change_status(
        actor=official, proposal=proposal, to_status=Status.ANSWERED, text="Ответ по существу.",
        document=SimpleUploadedFile("ответ.html", PDF),
    )  # fmt: skip
    assert event.document.name.endswith(".pdf")
    url = reverse("proposals:document", args=[event.pk])
    assert client.get(url).status_code == 200
    detail = client.get(f"/api/v1/proposals/{proposal.pk}").json()
    assert url in [e["document"] for e in detail["timeline"]]
    services.proposal_hide(actor=moderator, proposal=proposal, reason="Скрыто модератором.")
    assert client.get(url).status_code == 404
    no_document = proposal.events.get(kind="submitted")
    assert client.get(reverse("proposals:document", args=[no_document.pk])).status_code == 404


def test_a_file_named_html_is_served_as_what_it_is_in_a_sandbox(client, citizen, body):
    proposal = submit(citizen, body, [SimpleUploadedFile("x.html", PDF)])
    (attachment,) = proposal.attachments.all()
    assert attachment.name == "x.html"  # shown as the person named it…
    response = client.get(reverse("proposals:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"  # …served as what its bytes are
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["Content-Disposition"].startswith("inline")


def test_a_picture_with_too_many_pixels_is_refused_before_decoding(citizen, body, monkeypatch):
    from birgemiz.core import uploads
    from birgemiz.core.tests.test_uploads import image_bytes

    monkeypatch.setattr(uploads, "MAX_PICTURE_PIXELS", 99)
    with pytest.raises(ProposalError) as refused:
        submit(citizen, body, [SimpleUploadedFile("big.png", image_bytes("PNG", size=(10, 10)))])
    assert "40" in refused.value.messages[0] and not Proposal.objects.exists()


def test_a_missing_file_is_not_found_not_an_error(client, citizen, body):
    proposal = submit(citizen, body, [SimpleUploadedFile("a.pdf", PDF)])
    (attachment,) = proposal.attachments.all()
    attachment.file.storage.delete(attachment.file.name)
    assert client.get(reverse("proposals:attachment", args=[attachment.pk])).status_code == 404


def test_the_list_survives_a_region_newer_than_the_memo(client, citizen, body, monkeypatch):
    from birgemiz.proposals import selectors

    submit(citizen, body, [])
    monkeypatch.setattr("birgemiz.geo.selectors.region_list", lambda: [])  # a stale memo
    page = client.get(reverse("proposals:list")).content.decode()
    assert body.region.name in page
    (proposal,) = selectors.with_reference_objects(list(selectors.proposal_list(related=())))
    assert proposal.region == body.region


def test_files_uploaded_before_private_storage_are_moved_there(citizen, body):
    import importlib

    from django.apps import apps
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    migration = importlib.import_module("birgemiz.proposals.migrations.0008_move_files_to_private_storage")
    proposal = submit(citizen, body, [SimpleUploadedFile("a.pdf", PDF)])
    (attachment,) = proposal.attachments.all()
    name = attachment.file.name
    attachment.file.storage.delete(name)
    default_storage.save(name, ContentFile(PDF))  # where an older release left it
    migration.move_files(apps, None)
    assert not default_storage.exists(name) and attachment.file.storage.exists(name)
    with attachment.file.storage.open(name, "rb") as moved:
        assert moved.read() == PDF
