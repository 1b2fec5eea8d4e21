from django.urls import path

from opentvet.learners import views, views_grading, views_tracer

app_name = "learners"
urlpatterns = [
    path("", views.student_list_view, name="student_list"),
    path("cua-toi/", views.my_record_view, name="my_record"),
    path("giang-day/", views.teaching_view, name="teaching"),
    path("co-so/<str:org_id>/them/", views.student_create_view, name="student_create"),
    path("co-so/<str:org_id>/lop/them/", views.class_create_view, name="class_create"),
    path("co-so/<str:org_id>/nhap-excel/<str:slug>/", views.import_view, name="import"),
    path(
        "co-so/<str:org_id>/viec-lam/",
        views_tracer.institution_outcomes_view,
        name="outcomes_public",
    ),
    path("nhap-excel/<str:job_id>/", views.import_job_view, name="import_job"),
    path(
        "nhap-excel/<str:job_id>/tai-ve/",
        views.import_job_download_view,
        name="import_job_download",
    ),
    path("mau-excel/<str:slug>.xlsx", views.import_template_view, name="import_template"),
    path("ho-so/<str:student_id>/", views.student_detail_view, name="student_detail"),
    path("ho-so/<str:student_id>/trang-thai/", views.student_status_view, name="student_status"),
    path(
        "ho-so/<str:student_id>/bang-diem.<str:fmt>",
        views.student_transcript_view,
        name="student_transcript",
    ),
    path("lop/", views.class_list_view, name="class_list"),
    path("lop/<str:class_id>/", views.class_detail_view, name="class_detail"),
    path("lop/<str:class_id>/xep-lop/", views.class_enrol_view, name="class_enrol"),
    path("lop/<str:class_id>/phan-cong/", views.class_offering_view, name="class_offering"),
    path(
        "lop/<str:class_id>/bang-diem.pdf", views.class_transcripts_view, name="class_transcripts"
    ),
    path("lop/<str:class_id>/tot-nghiep/", views.class_graduate_view, name="class_graduate"),
    path("lop/<str:class_id>/khao-sat/", views_tracer.tracer_open_view, name="tracer_open"),
    path("hoc-phan/<str:offering_id>/", views.offering_detail_view, name="offering_detail"),
    path(
        "hoc-phan/<str:offering_id>/diem/<str:student_id>/",
        views.offering_grade_view,
        name="offering_grade",
    ),
    path(
        "hoc-phan/<str:offering_id>/luu-tat-ca/",
        views.offering_grades_save_all_view,
        name="offering_grades_save_all",
    ),
    path("hoc-phan/<str:offering_id>/khoa-diem/", views.offering_lock_view, name="offering_lock"),
    path(
        "hoc-phan/<str:offering_id>/sua-diem/",
        views.offering_change_request_view,
        name="offering_change_request",
    ),
    path(
        "hoc-phan/<str:offering_id>/diem-danh/",
        views.offering_session_view,
        name="offering_session",
    ),
    path("sua-diem/<str:change_id>/", views.grade_change_decide_view, name="grade_change_decide"),
    path("so-goc/", views.register_view, name="register"),
    path(
        "ho-so/<str:student_id>/thi-tot-nghiep/",
        views_grading.graduation_exam_view,
        name="graduation_exam",
    ),
    path("quy-dinh-danh-gia/", views_grading.grading_rules_view, name="grading_rules"),
    path(
        "co-so/<str:org_id>/tinh-lai-diem/",
        views_grading.grading_recompute_view,
        name="grading_recompute",
    ),
    path(
        "co-so/<str:org_id>/thang-diem-chu/",
        views_grading.letter_scale_view,
        name="letter_scale",
    ),
    path("so-goc/<str:entry_id>/van-bang.<str:fmt>", views.diploma_view, name="diploma"),
    path("khao-sat-viec-lam/", views_tracer.tracer_list_view, name="tracer_list"),
    path(
        "khao-sat-viec-lam/<str:survey_id>/nhac/",
        views_tracer.tracer_remind_view,
        name="tracer_remind",
    ),
    path(
        "khao-sat-viec-lam/<str:survey_id>/nhap/",
        views_tracer.tracer_enter_view,
        name="tracer_enter",
    ),
    path("khao-sat/<str:token>/", views_tracer.tracer_public_view, name="tracer_public"),
]
