"""Issue 15, item 7 (the smaller ones in the shell): a failed import's job page has a way back,
a finished job no longer shows its last progress message."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from opentvet.core.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_tasks(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _bad_sheet() -> io.BytesIO:
    book = Workbook()
    for row in [
        ["Mã cơ sở", "Tên cơ sở", "Loại hình cơ sở", "Loại hình sở hữu"],
        ["TC96101", "", "Trường trung cấp", "Công lập"],
    ]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "co-so.xlsx"
    return buffer


def test_failed_import_job_page_leads_back_to_the_import(
    login, org, immediate_tasks, django_capture_on_commit_callbacks
):
    department = org("SGDDT-96")
    client = login("provincial_officer")
    start = reverse("web:import_start", args=[department.pk, "institutions"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(start, {"file": _bad_sheet()})
    job = Job.all_objects.latest("created_at")
    assert job.status == Job.Status.FAILED
    html = client.get(reverse("web:job_detail", args=[job.pk])).content.decode()
    assert f'href="{start}" data-testid="job-back"' in html


def test_finished_job_does_not_show_its_last_progress_message(login, college_a, persona_user):
    from django.utils import timezone

    job = Job.all_objects.create(
        kind="document",
        title="Báo cáo",
        organisation=college_a,
        organisation_path=college_a.path,
        created_by=persona_user("rector"),
        status=Job.Status.SUCCEEDED,
        progress=100,
        message="Đang dựng văn bản",
        finished_at=timezone.now(),
    )
    html = login("rector").get(reverse("web:job_detail", args=[job.pk])).content.decode()
    assert "Đang dựng văn bản" not in html
    assert 'data-testid="job-done"' in html
    assert f'href="{reverse("web:organisation_detail", args=[college_a.pk])}"' in html


def test_grade_sheet_saves_all_rows_at_once(login, persona_user, college_a):
    from opentvet.learners.models import ClassGroup, ModuleOffering, ModuleResult, Student

    current = ClassGroup.all_objects.get(institution=college_a, code="CD25CNTT1")
    own = ModuleOffering.all_objects.filter(
        class_group=current, teacher=persona_user("teacher")
    ).first()
    client = login("teacher")
    page = client.get(reverse("learners:offering_detail", args=[own.pk])).content.decode()
    assert 'data-testid="save-all"' in page
    assert '<th scope="row">' in page  # the name column that stays in view on a phone
    students = list(Student.all_objects.filter(class_group=current).order_by("pk")[:2])
    keys = [c["key"] for c in own.components]
    data = {"student": [str(s.pk) for s in students], "resit": ["", ""]}
    for key in keys:
        data[key] = ["6,5", "8"]
    response = client.post(reverse("learners:offering_grades_save_all", args=[own.pk]), data)
    assert response.status_code == 302
    for student, expected in zip(students, ["6.5", "8"], strict=True):
        result = ModuleResult.all_objects.get(offering=own, student=student)
        assert str(result.scores[keys[0]]) in {expected, f"{expected}.0"}


def test_grade_sheet_save_all_refuses_a_learner_of_another_class(login, persona_user, college_a):
    from opentvet.learners.models import ClassGroup, ModuleOffering, Student

    current = ClassGroup.all_objects.get(institution=college_a, code="CD25CNTT1")
    own = ModuleOffering.all_objects.filter(
        class_group=current, teacher=persona_user("teacher")
    ).first()
    stranger = Student.all_objects.exclude(class_group=current).first()
    data = {"student": [str(stranger.pk)], "resit": [""]}
    for c in own.components:
        data[c["key"]] = ["5"]
    response = login("teacher").post(
        reverse("learners:offering_grades_save_all", args=[own.pk]), data
    )
    assert response.status_code == 404


def test_outsider_cannot_save_a_grade_sheet(login, persona_user, college_a):
    from opentvet.learners.models import ClassGroup, ModuleOffering

    from support import OUTSIDERS_OF_COLLEGE_A

    current = ClassGroup.all_objects.get(institution=college_a, code="CD25CNTT1")
    own = ModuleOffering.all_objects.filter(class_group=current).first()
    for key in OUTSIDERS_OF_COLLEGE_A:
        response = login(key).post(
            reverse("learners:offering_grades_save_all", args=[own.pk]), {"student": []}
        )
        assert response.status_code == 404


def test_province_options_in_vietnamese_order():
    from opentvet.catalogue.models import Province
    from opentvet.catalogue.options import options
    from opentvet.core.collation import vn_sort_key, vn_sorted

    names = [label for _pk, label in options(Province)]
    assert names == vn_sorted(names)
    assert vn_sorted(["Yên Bái", "Đắk Lắk", "Đà Nẵng", "Cà Mau", "Thành phố Hà Nội"]) == [
        "Cà Mau",
        "Đà Nẵng",
        "Đắk Lắk",
        "Thành phố Hà Nội",
        "Yên Bái",
    ]
    assert vn_sort_key("Ba Vì") > vn_sort_key("Bà Rịa")  # letters first, tones only break ties


def test_questionnaire_points_to_the_missed_question(client):
    from opentvet.guidance.forms import CHOICES, ITEMS

    answers = {item.key: str(CHOICES[0][0]) for item in ITEMS}
    missed = ITEMS[2].key
    del answers[missed]
    response = client.post(reverse("guidance:inventory"), answers)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="missed-items"' in html
    assert 'href="#cau-3"' in html
    fieldset = html[html.index('id="cau-3"') :].split("</fieldset>")[0]
    assert 'data-testid="item-error"' in fieldset
    # The error is at the question, before its choices, not further down the page.
    assert fieldset.index("item-error") < fieldset.index('type="radio"')
    assert html.count('data-testid="item-error"') == 1


def test_joint_round_decision_list_does_not_offer_admission():
    from opentvet.admissions.forms import WishActionForm
    from opentvet.admissions.models import AdmissionRound, WishStatus
    from opentvet.admissions.services import officer_may_admit

    joint = AdmissionRound.all_objects.filter(kind="coordinated").first()
    rolling = AdmissionRound.all_objects.exclude(kind="coordinated").first()
    assert joint is not None and rolling is not None
    assert not officer_may_admit(joint)
    assert officer_may_admit(rolling)
    offered = dict(WishActionForm(may_admit=officer_may_admit(joint)).fields["status"].choices)
    assert WishStatus.ADMITTED not in offered
    assert WishStatus.ELIGIBLE in offered
    offered = dict(WishActionForm(may_admit=officer_may_admit(rolling)).fields["status"].choices)
    assert WishStatus.ADMITTED in offered


def test_joint_round_wish_page_offers_no_admission(login):
    from opentvet.admissions.models import Wish, WishStatus

    wish = (
        Wish.all_objects.filter(application__round__kind="coordinated")
        .select_related("institution")
        .first()
    )
    if wish is None:
        pytest.skip("no joint-round wish in the demo")
    html = login("admin").get(reverse("admissions:wish", args=[wish.pk])).content.decode()
    assert 'data-testid="decision-form"' in html
    assert f'value="{WishStatus.ADMITTED}"' not in html
