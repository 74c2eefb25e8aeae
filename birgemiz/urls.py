from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from birgemiz.api import api
from birgemiz.core import views as core_views

handler400 = "birgemiz.core.views.bad_request"
handler403 = "birgemiz.core.views.permission_denied"
handler404 = "birgemiz.core.views.page_not_found"
handler500 = "birgemiz.core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/switch/<str:lang>/", core_views.switch_language, name="switch_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("p/", include("birgemiz.proposals.short_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("birgemiz.core.urls")),
    path("accounts/", include("birgemiz.accounts.urls")),
    path("regions/", include("birgemiz.geo.urls")),
    path("orgs/", include("birgemiz.orgs.urls")),
    path("events/", include("birgemiz.events.urls")),
    path("proposals/", include("birgemiz.proposals.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
