from django.urls import path

from opentvet.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox_view, name="inbox"),
    path("doc-tat-ca/", views.mark_all_read_view, name="mark_all_read"),
    path("tuy-chon/", views.preference_view, name="preference"),
    path("<str:notification_id>/", views.open_view, name="open"),
    path("<str:notification_id>/da-doc/", views.mark_read_view, name="mark_read"),
]
