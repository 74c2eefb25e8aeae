from django.urls import path

from birgemiz.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("working-days/", views.working_calendar, name="working_calendar"),
    path("working-days/<int:year>/", views.working_calendar, name="working_calendar_year"),
]
