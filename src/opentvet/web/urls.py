from django.urls import path

from opentvet.web.views import (
    account,
    auth,
    history,
    home,
    imports,
    jobs,
    members,
    organisations,
    security,
)

app_name = "web"
urlpatterns = [
    path("", home.home, name="home"),
    path("dang-nhap/", auth.login_view, name="login"),
    path("dang-xuat/", auth.logout_view, name="logout"),
    path("dang-nhap/xac-thuc-hai-buoc/", security.two_factor_view, name="two_factor"),
    path("quen-mat-khau/", security.password_reset_view, name="password_reset"),
    path(
        "quen-mat-khau/<str:uidb64>/<str:token>/",
        security.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path("tai-khoan/", account.account_view, name="account"),
    path("tai-khoan/mat-khau/", security.password_change_view, name="password_change"),
    path(
        "tai-khoan/xac-thuc-hai-buoc/tat/",
        security.two_factor_remove_view,
        name="two_factor_remove",
    ),
    path(
        "tai-khoan/khoa-api/<str:token_id>/thu-hoi/",
        account.api_token_revoke_view,
        name="api_token_revoke",
    ),
    path("to-chuc/", organisations.organisation_list_view, name="organisation_list"),
    path(
        "to-chuc/<str:org_id>/", organisations.organisation_detail_view, name="organisation_detail"
    ),
    path(
        "to-chuc/<str:org_id>/sua/", organisations.organisation_edit_view, name="organisation_edit"
    ),
    path(
        "to-chuc/<str:org_id>/lich-su/",
        organisations.organisation_history_view,
        name="organisation_history",
    ),
    path(
        "to-chuc/<str:org_id>/xuat-excel/",
        organisations.organisation_export_view,
        name="organisation_export",
    ),
    path("to-chuc/<str:org_id>/vai-tro/", members.members_view, name="members"),
    path(
        "to-chuc/<str:org_id>/vai-tro/<str:membership_id>/thu-hoi/",
        members.member_revoke_view,
        name="member_revoke",
    ),
    path("to-chuc/<str:org_id>/them/", members.child_create_view, name="child_create"),
    path("to-chuc/<str:org_id>/nhap/<slug:kind>/", imports.import_start_view, name="import_start"),
    path(
        "to-chuc/<str:org_id>/nhap/<slug:kind>/mau.xlsx",
        imports.import_template_view,
        name="import_template",
    ),
    path(
        "lich-su/<str:object_type>/<str:object_id>/",
        history.object_history_view,
        name="object_history",
    ),
    path("cong-viec/<str:job_id>/", jobs.job_detail_view, name="job_detail"),
    path("cong-viec/<str:job_id>/tai-ve/", jobs.job_download_view, name="job_download"),
]
