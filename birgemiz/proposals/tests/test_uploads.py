"""Attachments are stored under the extension of what their first bytes show."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

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
