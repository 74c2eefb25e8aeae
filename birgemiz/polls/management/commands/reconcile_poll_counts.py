from django.core.management.base import BaseCommand

from birgemiz.polls.models import Poll
from birgemiz.polls.services import reconcile


class Command(BaseCommand):
    help = "Compare every poll's counters with its votes; report drift and, with --fix, repair it."

    def add_arguments(self, parser):
        parser.add_argument("--poll", type=int, help="only this poll")
        parser.add_argument("--fix", action="store_true", help="write the true figures")

    def handle(self, *args, poll=None, fix=False, **options):
        polls = Poll.objects.all() if poll is None else Poll.objects.filter(pk=poll)
        total = 0
        for p in polls.iterator():
            for d in reconcile(p, fix=fix):
                total += 1
                what = "voters" if d.answer_id is None else f"answer {d.answer_id}"
                self.stdout.write(f"poll {d.poll_id} {what}: counted {d.counted}, votes say {d.actual}")
        verdict = "fixed" if fix and total else "found"
        self.stdout.write(f"{total} drift(s) {verdict}")
