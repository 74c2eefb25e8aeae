"""``/p/<code>``: the short link of an interactive panel (outside the language prefix)."""

from django.urls import path

from birgemiz.proposals import panel_views

app_name = "short"

urlpatterns = [path("<slug:code>", panel_views.panel_short, name="panel")]
