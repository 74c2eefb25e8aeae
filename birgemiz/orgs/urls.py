from django.urls import path

from birgemiz.orgs import views

app_name = "orgs"

urlpatterns = [
    path("", views.org_list, name="list"),
    path("new/", views.org_create, name="create"),
    path("figures/", views.org_figures, name="figures"),
    path("claims/", views.claim_queue, name="claims"),
    path("claims/<int:pk>/document/", views.claim_document, name="claim_document"),
    path("import/", views.org_import, name="import"),
    path("export.<str:fmt>", views.org_export, name="export"),
    path("<slug:slug>/", views.org_detail, name="detail"),
    path("<slug:slug>/edit/", views.org_edit, name="edit"),
    path("<slug:slug>/claim/", views.org_claim, name="claim"),
    path("<slug:slug>/members/", views.org_members, name="members"),
]
