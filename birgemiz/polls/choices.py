from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PollStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("poll status", "Draft")
    OPEN = "open", pgettext_lazy("poll status", "Open")
    CLOSED = "closed", pgettext_lazy("poll status", "Closed")
    ARCHIVED = "archived", pgettext_lazy("poll status", "Archived")


class PollMode(models.TextChoices):
    OPEN = "open", _("Open: one vote per browser")
    VERIFIED = "verified", _("Verified: one vote per verified account")


class ChoiceKind(models.TextChoices):
    SINGLE = "single", _("One answer")
    MULTIPLE = "multiple", _("Several answers")


class ResultsVisibility(models.TextChoices):
    ALWAYS = "always", _("Always")
    AFTER_VOTE = "after_vote", _("After voting")
    AFTER_CLOSE = "after_close", _("After closing")
