"""``manage.py embed_proposals [--all]``: queue the embedding task for proposals whose vector is
missing or of another ``similarity.EMBEDDING_VERSION`` (after a refit), or for all of them."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import Q


class Command(BaseCommand):
    help = "Queue embeddings of proposals that have none or an outdated one (similar-proposal search)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="recompute every proposal's vector")

    def handle(self, *args, **options):
        from birgemiz.proposals import similarity
        from birgemiz.proposals.models import Proposal
        from birgemiz.proposals.tasks import embed_proposal

        qs = Proposal.objects.all()
        if not options["all"]:
            qs = qs.filter(Q(embedding__isnull=True) | ~Q(embedding_version=similarity.EMBEDDING_VERSION))
        n = 0
        for pk in qs.values_list("pk", flat=True).iterator():
            embed_proposal.enqueue(proposal_id=pk)
            n += 1
        self.stdout.write(f"queued {n} proposals")
