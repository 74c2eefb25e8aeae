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
