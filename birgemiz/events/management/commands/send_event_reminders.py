from django.core.management.base import BaseCommand

from birgemiz.events.services import enqueue_reminders


class Command(BaseCommand):
    help = "Queue reminder e-mails for confirmed participants of events starting within a day (run hourly)."

    def handle(self, *args, **options):
        count = enqueue_reminders()
        self.stdout.write(f"{count} reminders queued")
