from django.urls import path

from birgemiz.events import views, views_calendar, views_manage

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendar/", views_calendar.month, name="month"),
    path("feed/<slug:region>.ics", views_calendar.region_feed, name="region_feed"),
    path("upcoming-fragment/", views_calendar.home_fragment, name="home_fragment"),
    path("new/", views_manage.event_create, name="create"),
    path("mine/", views_manage.my_events, name="mine"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/register/", views.event_register, name="register"),
    path("<slug:slug>/cancel/", views.event_cancel, name="cancel"),
    path("<slug:slug>/ticket/", views.ticket, name="ticket"),
    path("<slug:slug>/ticket.pdf", views.ticket_pdf, name="ticket_pdf"),
    path("<slug:slug>/join/", views.join_online, name="join"),
    path("<slug:slug>/event.ics", views_calendar.event_ics, name="ics"),
    path("<slug:slug>/edit/", views_manage.event_edit, name="edit"),
    path("<slug:slug>/status/", views_manage.event_status, name="status"),
    path("<slug:slug>/programme/", views_manage.programme, name="programme"),
    path("<slug:slug>/programme/<int:pk>/", views_manage.session_edit, name="session_edit"),
    path(
        "<slug:slug>/programme/<int:pk>/speakers/<int:speaker>/",
        views_manage.speaker_edit,
        name="speaker_edit",
    ),
    path("<slug:slug>/registrations/", views_manage.registrations, name="registrations"),
    path(
        "<slug:slug>/registrations/<int:pk>/<str:action>/",
        views_manage.registration_action,
        name="reg_action",
    ),
    path("<slug:slug>/check-in/", views_manage.check_in, name="check_in"),
    path("<slug:slug>/message/", views_manage.message, name="message"),
    path("<slug:slug>/outcomes/", views_manage.outcomes, name="outcomes"),
    path("<slug:slug>/export.<str:fmt>", views_manage.export, name="export"),
]
