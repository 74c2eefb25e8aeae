"""The registry of organisations: NGOs, state bodies, businesses, media, international bodies."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from birgemiz.core import uploads
from birgemiz.core.i18n import current_language, localized
from birgemiz.core.models import TimeStampedModel
from birgemiz.core.uploads import upload_path
from birgemiz.orgs.choices import (
    SPHERES,
    ClaimStatus,
    HistoryKind,
    MemberRole,
    OrgKind,
    OrgStatus,
    StateBodyKind,
)

_SPHERE_NAMES = dict(SPHERES)


class LegalForm(models.Model):
    """Reference data from ``legal_forms.csv`` (ОО, ОФ, ЧУ, ОЮЛ, …, and «Branch»)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    abbr_ru = models.CharField(_("abbreviation (Russian)"), max_length=12, blank=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=120)
    abbr_kk = models.CharField(_("abbreviation (Kazakh)"), max_length=12, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    is_branch = models.BooleanField(_("branch or representative office"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("legal form")
        verbose_name_plural = _("legal forms")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def abbr(self) -> str:
        return (self.abbr_kk if current_language() == "kk" else self.abbr_ru) or ""


class Sphere(models.Model):
    """A sphere of activity; names are translated in the catalogues (``choices.SPHERES``)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("sphere of activity")
        verbose_name_plural = _("spheres of activity")

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self):
        return _SPHERE_NAMES.get(self.code, self.code)


def logo_path(instance: Organisation, filename: str) -> str:
    return upload_path("orgs/logos", filename, stem=instance.slug)


class Organisation(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=16, choices=OrgKind.choices, default=OrgKind.NGO)
    state_body_kind = models.CharField(
        _("kind of state body"), max_length=20, choices=StateBodyKind.choices, blank=True
    )
    name_ru = models.CharField(_("full name (Russian)"), max_length=300, blank=True)
    name_kk = models.CharField(_("full name (Kazakh)"), max_length=300, blank=True)
    short_name_ru = models.CharField(_("short name (Russian)"), max_length=150, blank=True)
    short_name_kk = models.CharField(_("short name (Kazakh)"), max_length=150, blank=True)
    slug = models.SlugField(_("address on the site"), max_length=80, unique=True)
    legal_form = models.ForeignKey(
        LegalForm, verbose_name=_("legal form"), null=True, blank=True, on_delete=models.PROTECT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("head organisation"),
        help_text=_("For a branch: the organisation it belongs to."),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    bin = models.CharField(_("BIN"), max_length=12, null=True, blank=True, unique=True)  # noqa: DJ001
    registered_on = models.DateField(_("registration date"), null=True, blank=True)
    region = models.ForeignKey(
        "geo.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT
    )
    city = models.ForeignKey(
        "geo.City", verbose_name=_("city"), null=True, blank=True, on_delete=models.PROTECT
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    spheres = models.ManyToManyField(Sphere, verbose_name=_("spheres of activity"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=OrgStatus.choices, default=OrgStatus.ACTIVE)
    status_since = models.DateField(_("status since"), null=True, blank=True)
    leader_name = models.CharField(_("leader's name"), max_length=150, blank=True)
    leader_title = models.CharField(_("leader's title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    social_links = models.JSONField(_("social networks"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    logo = models.ImageField(
        _("logo"),
        upload_to=logo_path,
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp"])],
    )
    umbrellas = models.ManyToManyField(
        "self",
        verbose_name=_("member of"),
        help_text=_("Umbrella organisations it belongs to, e.g. the regional Civil Alliance."),
        symmetrical=False,
        blank=True,
        related_name="umbrella_members",
    )
    #: Normalised words of the names for search (``search.index_text``), written by the services.
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["name_ru", "name_kk", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(condition=~Q(name_ru="", name_kk=""), name="org_has_a_name"),
            models.CheckConstraint(
                condition=Q(bin__isnull=True) | Q(bin__regex=r"^[0-9]{12}$"), name="org_bin_is_12_digits"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["region", "kind", "status"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("orgs:detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        """The full name in the page's language, the other language's when that one is empty."""
        return localized(self, "name")

    @property
    def short_name(self) -> str:
        return localized(self, "short_name") or self.name

    @property
    def display_name(self) -> str:
        """«ОФ «Ана Үйі»»: the legal form's abbreviation before the name, when it has one."""
        name = self.name
        abbr = self.legal_form.abbr if self.legal_form_id and self.legal_form else ""
        if not abbr or name.startswith(abbr + " "):
            return name
        return f"{abbr} {name}" if "«" in name else f"{abbr} «{name}»"

    @property
    def is_active(self) -> bool:
        return self.status == OrgStatus.ACTIVE


class Membership(models.Model):
    """A confirmed link between a person and an organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="org_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "role", "user__full_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


def private_storage():
    """The core's private storage (this name stays: migrations refer to it)."""
    return uploads.private_storage()


def claim_document_path(instance, filename: str) -> str:
    return upload_path("orgs/claims", filename)


class MembershipClaim(models.Model):
    """ "This is my organisation": a person asks to be confirmed; a moderator decides."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="org_claims")
    role = models.CharField(_("role asked for"), max_length=10, choices=MemberRole.choices)
    note = models.TextField(_("note"), max_length=2000)
    document = models.FileField(
        _("document"),
        upload_to=claim_document_path,
        storage=private_storage,
        blank=True,
        validators=[FileExtensionValidator(["pdf", "png", "jpg", "jpeg"])],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("membership claim")
        verbose_name_plural = _("membership claims")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], condition=Q(status="pending"), name="one_pending_claim"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.get_status_display()})"


class OrgHistory(models.Model):
    """What happened to an organisation's profile and people: who, when, from, to, text."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="history")
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("what"), max_length=20, choices=HistoryKind.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_value = models.CharField(_("from"), max_length=40, blank=True)
    to_value = models.CharField(_("to"), max_length=40, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"
