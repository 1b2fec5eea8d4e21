from django.urls import path

from opentvet.guidance import views

app_name = "guidance"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("trac-nghiem/", views.inventory_view, name="inventory"),
    path("ket-qua/<str:result_id>/", views.result_view, name="result"),
    path("ket-qua/<str:result_id>/chia-se/", views.consent_view, name="consent"),
    path("ma-nganh/", views.codes_view, name="codes"),
    path("su-kien/", views.events_view, name="events"),
    path("su-kien/<str:event_id>/", views.event_view, name="event"),
    path("co-so/<str:org_id>/", views.counsel_view, name="counsel"),
    path("co-so/<str:org_id>/buoi-tu-van/", views.session_add_view, name="session_add"),
    path("co-so/<str:org_id>/su-kien/", views.event_add_view, name="event_add"),
    path("quan-ly/su-kien/<str:event_id>/", views.event_manage_view, name="event_manage"),
    path(
        "quan-ly/dang-ky/<str:registration_id>/diem-danh/", views.attendance_view, name="attendance"
    ),
    path("quan-ly/ket-qua/<str:result_id>/", views.result_counsel_view, name="result_counsel"),
]
