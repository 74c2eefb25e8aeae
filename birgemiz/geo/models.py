"""Kazakhstan's administrative units: 17 regions and 3 cities of republican significance."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from birgemiz.core.i18n import localized


class RegionKind(models.TextChoices):
    REGION = "region", _("region")
    CITY = "city", _("city of republican significance")


class Region(models.Model):
    slug = models.SlugField(_("slug"), unique=True, max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=RegionKind.choices)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["kind", "position", "name_ru"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("geo:region", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def centre(self) -> City | None:
        # Centres are prefetched by the selectors; avoid a query per region in lists.
        for city in getattr(self, "_prefetched_objects_cache", {}).get("cities", []) or []:
            if city.is_centre:
                return city
        return self.cities.filter(is_centre=True).first()


class City(models.Model):
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="cities"
    )
    slug = models.SlugField(_("slug"), max_length=60)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    is_centre = models.BooleanField(_("administrative centre"), default=False)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        ordering = ["-is_centre", "name_ru"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="geo_city_unique_slug_per_region"),
            models.UniqueConstraint(
                fields=["region"], condition=models.Q(is_centre=True), name="geo_city_one_centre_per_region"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")
