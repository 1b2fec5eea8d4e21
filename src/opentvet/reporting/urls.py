from django.urls import path

from opentvet.reporting.views import live, meetings, reports, steering

app_name = "reporting"
urlpatterns = [
    path("", reports.index_view, name="index"),
    path("truc-tuyen/", live.live_view, name="live"),
    path("mau/", reports.template_list_view, name="template_list"),
    path("mau/moi/<str:org_id>/", reports.template_create_view, name="template_create"),
    path("mau/<str:template_id>/", reports.template_detail_view, name="template_detail"),
    path("ky/<str:period_id>/", reports.period_detail_view, name="period_detail"),
    path(
        "ky/<str:period_id>/chi-tieu/<str:code>/",
        reports.period_indicator_view,
        name="period_indicator",
    ),
    path("ky/<str:period_id>/truc-tuyen/", reports.period_live_view, name="period_live"),
    path(
        "ky/<str:period_id>/nhiem-vu-trong-tam/",
        reports.period_key_tasks_view,
        name="period_key_tasks",
    ),
    path("ky/<str:period_id>/xuat-excel/", reports.period_export_view, name="period_export"),
    path("ky/<str:period_id>/van-ban/", reports.period_document_view, name="period_document"),
    path("ky/<str:period_id>/nhac-nho/", reports.period_remind_view, name="period_remind"),
    path(
        "ky/<str:period_id>/co-so/<str:org_id>/lap/",
        reports.submission_start_view,
        name="submission_start",
    ),
    path("nop/<str:submission_id>/", reports.submission_detail_view, name="submission_detail"),
    path(
        "nop/<str:submission_id>/lam-moi/",
        reports.submission_refresh_view,
        name="submission_refresh",
    ),
    path(
        "nop/<str:submission_id>/nhiem-vu-trong-tam/",
        reports.submission_key_tasks_view,
        name="submission_key_tasks",
    ),
    path("nop/<str:submission_id>/ky/", reports.submission_sign_view, name="submission_sign"),
    path("nop/<str:submission_id>/gui/", reports.submission_submit_view, name="submission_submit"),
    path(
        "nop/<str:submission_id>/tiep-nhan/",
        reports.submission_acknowledge_view,
        name="submission_acknowledge",
    ),
    path(
        "nop/<str:submission_id>/tra-lai/", reports.submission_return_view, name="submission_return"
    ),
    path(
        "nop/<str:submission_id>/kho-khan/",
        reports.submission_difficulty_view,
        name="submission_difficulty",
    ),
    path(
        "nop/<str:submission_id>/phien-ban/<str:number>/",
        reports.submission_version_view,
        name="submission_version",
    ),
    path(
        "nop/<str:submission_id>/nguon/<str:code>/",
        reports.submission_source_view,
        name="submission_source",
    ),
    path("van-ban/", steering.document_list_view, name="document_list"),
    path("van-ban/moi/<str:org_id>/", steering.document_create_view, name="document_create"),
    path("van-ban/<str:document_id>/", steering.document_detail_view, name="document_detail"),
    path("hop/", meetings.meeting_list_view, name="meeting_list"),
    path("hop/moi/<str:org_id>/", meetings.meeting_create_view, name="meeting_create"),
    path("hop/<str:meeting_id>/", meetings.meeting_detail_view, name="meeting_detail"),
    path("hop/<str:meeting_id>/sua/", meetings.meeting_edit_view, name="meeting_edit"),
    path("hop/<str:meeting_id>/ket-luan/", meetings.meeting_conclude_view, name="meeting_conclude"),
    path(
        "hop/<str:meeting_id>/ket-luan/dong/",
        meetings.meeting_direction_row_view,
        name="meeting_direction_row",
    ),
    path(
        "hop/<str:meeting_id>/thong-bao-ket-luan.pdf",
        meetings.meeting_notice_view,
        name="meeting_notice",
    ),
    path("nhiem-vu/", steering.task_board_view, name="task_board"),
    path("nhiem-vu/moi/<str:org_id>/", steering.task_create_view, name="task_create"),
    path("nhiem-vu/<str:task_id>/", steering.task_detail_view, name="task_detail"),
    path("kho-khan/", steering.difficulty_list_view, name="difficulty_list"),
    path("kho-khan/moi/<str:org_id>/", steering.difficulty_create_view, name="difficulty_create"),
    path(
        "kho-khan/<str:difficulty_id>/", steering.difficulty_detail_view, name="difficulty_detail"
    ),
    path("de-an/", steering.drafting_list_view, name="drafting_list"),
    path("de-an/moi/<str:org_id>/", steering.drafting_create_view, name="drafting_create"),
    path("de-an/<str:project_id>/", steering.drafting_detail_view, name="drafting_detail"),
    path("giao-ban/", steering.briefing_view, name="briefing"),
]
