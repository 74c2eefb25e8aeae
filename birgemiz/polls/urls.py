from django.urls import path

from birgemiz.polls import views

app_name = "polls"

urlpatterns = [
    path("", views.poll_list, name="list"),
    path("new/", views.poll_create, name="create"),
    path("<int:pk>/", views.poll_detail, name="detail"),
    path("<int:pk>/widget/", views.poll_widget, name="widget"),
    path("<int:pk>/vote/", views.poll_vote, name="vote"),
    path("<int:pk>/results/", views.poll_results, name="results"),
    path("<int:pk>/results.csv", views.poll_results_csv, name="results_csv"),
    path("<int:pk>/edit/", views.poll_edit, name="edit"),
    path("<int:pk>/status/", views.poll_status, name="status"),
]
