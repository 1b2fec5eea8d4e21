from django.urls import path

from opentvet.programmes import views

app_name = "programmes"
V = "phien-ban/<str:version_id>/"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("so-dang-ky/", views.register_view, name="register"),
    path("so-dang-ky/xuat-excel/", views.register_export_view, name="register_export"),
    path("co-so/<str:org_id>/", views.programme_list_view, name="list"),
    path("co-so/<str:org_id>/xuat-excel/", views.programme_list_export_view, name="list_export"),
    path("co-so/<str:org_id>/tao-moi/", views.programme_create_view, name="create"),
    path("co-so/<str:org_id>/dang-ky/", views.registration_view, name="registration"),
    path(
        "co-so/<str:org_id>/dang-ky/xuat-excel/",
        views.registration_export_view,
        name="registration_export",
    ),
    path("<str:programme_id>/", views.programme_detail_view, name="detail"),
    path("<str:programme_id>/sua/", views.programme_edit_view, name="edit"),
    path(V, views.version_detail_view, name="version"),
    path(V + "sua/", views.version_edit_view, name="version_edit"),
    path(V + "xuat-excel/", views.version_export_view, name="version_export"),
    path(V + "mo-dun/them/", views.module_add_view, name="module_add"),
    path(V + "mo-dun/<str:module_id>/sua/", views.module_edit_view, name="module_edit"),
    path(V + "mo-dun/<str:module_id>/xoa/", views.module_remove_view, name="module_remove"),
    path(V + "gui-tham-dinh/", views.version_submit_view, name="version_submit"),
    path(V + "tham-dinh/", views.version_review_view, name="version_review"),
    path(V + "lay-y-kien/", views.consultation_add_view, name="consultation_add"),
    path(V + "phe-duyet/", views.version_approve_view, name="version_approve"),
    path(V + "ban-hanh/", views.version_publish_view, name="version_publish"),
    path(V + "tao-phien-ban-moi/", views.version_copy_view, name="version_copy"),
    path(V + "so-sanh/<str:other_id>/", views.version_diff_view, name="diff"),
]
