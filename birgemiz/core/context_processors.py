from django.conf import settings

from birgemiz.core.registry import registry


def site(request):
    return {
        "SITE_URL": settings.SITE_URL,
        "EDITORIAL_EMAIL": settings.EDITORIAL_EMAIL,
        "EDITORIAL_PHONE": settings.EDITORIAL_PHONE,
        "HOTLINE_PHONE": settings.HOTLINE_PHONE,
        "EDITORIAL_ADDRESS": settings.EDITORIAL_ADDRESS,
        "nav_items": registry.nav_items(),
    }
