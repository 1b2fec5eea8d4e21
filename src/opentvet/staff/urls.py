from django.urls import path

from opentvet.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("cua-toi/", views.me_view, name="me"),
    path("chuan-hoa/", views.standardisation_view, name="standardisation"),
    path("thang-hang/", views.rounds_view, name="rounds"),
    path("thang-hang/to-chuc/<str:org_id>/tao/", views.round_create_view, name="round_create"),
    path("thang-hang/<str:round_id>/", views.round_detail_view, name="round_detail"),
    path("thang-hang/<str:round_id>/nop-ho-so/", views.round_apply_view, name="round_apply"),
    path(
        "thang-hang/<str:round_id>/ho-so/<str:app_id>/quyet-dinh/",
        views.application_decide_view,
        name="application_decide",
    ),
    path("mau-nhap/<str:kind>/", views.import_template_view, name="import_template"),
    path("co-so/<str:org_id>/", views.list_view, name="list"),
    path("co-so/<str:org_id>/them/", views.create_view, name="create"),
    path("co-so/<str:org_id>/danh-gia/", views.cycles_view, name="cycles"),
    path("co-so/<str:org_id>/tinh-gon/", views.lean_view, name="lean"),
    path("co-so/<str:org_id>/xuat-excel/<str:what>/", views.export_view, name="export"),
    path("co-so/<str:org_id>/nhap-excel/<str:kind>/", views.import_view, name="import"),
    path("danh-gia/<str:cycle_id>/", views.cycle_detail_view, name="cycle_detail"),
    path("danh-gia/phieu/<str:assessment_id>/", views.assessment_view, name="assessment"),
    path("<str:staff_id>/", views.detail_view, name="detail"),
    path("<str:staff_id>/sua/", views.edit_view, name="edit"),
    path("<str:staff_id>/van-bang/them/", views.qualification_add_view, name="qualification_add"),
    path(
        "<str:staff_id>/van-bang/<str:qual_id>/tep/",
        views.qualification_file_view,
        name="qualification_file",
    ),
    path("<str:staff_id>/boi-duong/them/", views.development_add_view, name="development_add"),
]
