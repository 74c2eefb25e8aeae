from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "birgemiz.geo"
    verbose_name = _("Regions")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from birgemiz.core.registry import registry
        from birgemiz.geo import sections  # noqa: F401  registers the geo sections and nav item
        from birgemiz.geo.api import router
        from birgemiz.geo.models import City, Region
        from birgemiz.geo.signals import invalidate_region_cache

        registry.add_api_router("/regions", router)
        for model in (Region, City):
            post_save.connect(
                invalidate_region_cache, sender=model, dispatch_uid=f"geo-cache-save-{model.__name__}"
            )
            post_delete.connect(
                invalidate_region_cache, sender=model, dispatch_uid=f"geo-cache-delete-{model.__name__}"
            )
