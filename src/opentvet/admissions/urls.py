from django.urls import path

from opentvet.admissions.views import applicant, officer, public

app_name = "admissions"
urlpatterns = [
    # Public portal
    path("", public.portal_view, name="portal"),
    path("chuong-trinh/<str:version_id>/", public.programme_view, name="programme"),
    path("dot/<str:round_id>/", public.round_view, name="round"),
    # One-time-code sign-in
    path("dang-nhap/", applicant.otp_start_view, name="otp_start"),
    path("dang-nhap/xac-nhan/", applicant.otp_verify_view, name="otp_verify"),
    # Applicants
    path("trang-cua-toi/", applicant.home_view, name="home"),
    path("ho-so/", applicant.profile_view, name="profile"),
    path("ho-so/giay-to/", applicant.document_upload_view, name="document_upload"),
    path("giay-to/<str:doc_id>/", applicant.document_view, name="document"),
    path("giay-to/<str:doc_id>/xoa/", applicant.document_delete_view, name="document_delete"),
    path("dot/<str:round_id>/dang-ky/", applicant.apply_view, name="apply"),
    path("cua-toi/", applicant.mine_view, name="mine"),
    path(
        "cua-toi/<str:application_id>/rut/",
        applicant.application_withdraw_view,
        name="application_withdraw",
    ),
    path("nguyen-vong/<str:wish_id>/xac-nhan/", applicant.wish_confirm_view, name="wish_confirm"),
    path("nguyen-vong/<str:wish_id>/tu-choi/", applicant.wish_decline_view, name="wish_decline"),
    # Institutions and authorities
    path("quan-ly/", officer.manage_view, name="manage"),
    path("quan-ly/tao-dot/<str:org_id>/", officer.round_create_view, name="round_create"),
    path("quan-ly/dot/<str:round_id>/", officer.round_manage_view, name="round_manage"),
    path("quan-ly/dot/<str:round_id>/chi-tieu/", officer.quota_set_view, name="quota_set"),
    path("quan-ly/dot/<str:round_id>/trang-thai/", officer.round_status_view, name="round_status"),
    path(
        "quan-ly/dot/<str:round_id>/xet-tuyen/", officer.round_allocate_view, name="round_allocate"
    ),
    path("quan-ly/dot/<str:round_id>/ho-so/", officer.queue_view, name="queue"),
    path("quan-ly/nguyen-vong/<str:wish_id>/", officer.wish_view, name="wish"),
    path("quan-ly/tong-hop/", officer.oversight_view, name="oversight"),
    path("quan-ly/tong-hop/xuat-excel/", officer.oversight_export_view, name="oversight_export"),
]
