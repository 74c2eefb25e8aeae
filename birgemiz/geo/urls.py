from django.urls import path

from birgemiz.geo import views

app_name = "geo"

urlpatterns = [
    path("", views.region_list, name="region_list"),
    path("choose/", views.choose_region, name="choose"),
    path("<slug:slug>/", views.region_detail, name="region"),
]
