from django.urls import path

from opentvet.staff import views, views_development, views_records, views_reference

app_name = "staff"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("cua-toi/", views.me_view, name="me"),
    path("chuan-hoa/", views.standardisation_view, name="standardisation"),
    path("thang-hang/", views.rounds_view, name="rounds"),
    path("thang-hang/to-chuc/<str:org_id>/tao/", views.round_create_view, name="round_create"),
    path("thang-hang/<str:round_id>/", views.round_detail_view, name="round_detail"),
    path("thang-hang/<str:round_id>/nop-ho-so/", views.round_apply_view, name="round_apply"),
    path("thang-hang/<str:round_id>/xep-thu-tu/", views.round_rank_view, name="round_rank"),
    path(
        "thang-hang/<str:round_id>/ho-so/<str:app_id>/quyet-dinh/",
        views.application_decide_view,
        name="application_decide",
    ),
    path("mau-nhap/<str:kind>/", views.import_template_view, name="import_template"),
    path("tinh-gon/", views_development.lean_overview_view, name="lean_overview"),
    path("tham-chieu/", views_reference.reference_view, name="reference"),
    path("tham-chieu/chuan/<str:framework_id>/", views_reference.framework_view, name="framework"),
    path(
        "tham-chieu/tieu-chuan/<str:standard_id>/sua/",
        views_reference.standard_edit_view,
        name="standard_edit",
    ),
    path(
        "tham-chieu/tieu-chi/<str:criterion_id>/sua/",
        views_reference.criterion_edit_view,
        name="criterion_edit",
    ),
    path(
        "tham-chieu/chuc-danh/<str:title_id>/sua/",
        views_reference.title_edit_view,
        name="title_edit",
    ),
    path("ke-hoach/<str:plan_id>/", views_development.plan_detail_view, name="plan_detail"),
    path("co-so/<str:org_id>/ke-hoach/", views_development.plans_view, name="plans"),
    path(
        "co-so/<str:org_id>/ke-hoach/them/", views_development.plan_create_view, name="plan_create"
    ),
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
    path("<str:staff_id>/cong-tac/them/", views_records.employment_add_view, name="employment_add"),
    path(
        "<str:staff_id>/cong-tac/<str:record_id>/sua/",
        views_records.employment_edit_view,
        name="employment_edit",
    ),
    path(
        "<str:staff_id>/gio-giang/them/", views_records.assignment_add_view, name="assignment_add"
    ),
    path(
        "<str:staff_id>/gio-giang/<str:assignment_id>/sua/",
        views_records.assignment_edit_view,
        name="assignment_edit",
    ),
    path(
        "<str:staff_id>/gio-giang/<str:assignment_id>/xoa/",
        views_records.assignment_delete_view,
        name="assignment_delete",
    ),
    path("<str:staff_id>/tai-khoan/", views_records.account_view, name="account"),
]
