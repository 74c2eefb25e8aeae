from django.urls import path

from birgemiz.proposals import panel_views, views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_create, name="create"),
    path("similar/", views.proposal_similar, name="similar"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard.<str:fmt>", views.dashboard_export, name="dashboard_export"),
    path("notifications/", views.notifications, name="notifications"),
    path("section/<str:kind>/<int:pk>/", views.section, name="section"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("documents/<int:pk>/", views.status_document, name="document"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/status/", views.proposal_status, name="status"),
    path("<int:pk>/extend/", views.proposal_extend, name="extend"),
    path("<int:pk>/hide/", views.proposal_hide, name="hide"),
    path("<int:pk>/support/", views.proposal_support, name="support"),
    path("<int:pk>/follow/", views.proposal_follow, name="follow"),
    path("<int:pk>/comments/", views.comment_add, name="comment"),
    path("comments/<int:pk>/report/", views.comment_report, name="comment_report"),
    path("comments/reported/", views.comment_queue, name="comment_queue"),
    path("<int:pk>/wall/", panel_views.proposal_wall, name="wall"),
    path("panels/new/", panel_views.panel_create, name="panel_create"),
    path("events/<int:pk>/export.<str:fmt>", panel_views.event_export, name="event_export"),
    path("panels/<slug:code>/", panel_views.panel_detail, name="panel"),
    path("panels/<slug:code>/new/", panel_views.panel_submit, name="panel_submit"),
    path("panels/<slug:code>/wall/", panel_views.panel_wall, name="panel_wall"),
    path("panels/<slug:code>/wall/items/", panel_views.panel_wall_items, name="panel_wall_items"),
    path("panels/<slug:code>/export.<str:fmt>", panel_views.panel_export, name="panel_export"),
]
