"""Reporting services: validation, the submit/return/resubmit loop, versions, roll-ups,
reproducibility, numbering, difficulties, tasks, drafting, documents of the jobs."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from opentvet.core.jobs import _HANDLERS
from opentvet.core.models import AuditEntry, Job, Organisation
from opentvet.reporting import selectors, services
from opentvet.reporting.models import (
    Difficulty,
    Document,
    DraftingProject,
    IndicatorDefinition,
    Submission,
    SubmissionValue,
    Task,
    ValueSource,
)

pytestmark = pytest.mark.django_db
SHOTS = Path(os.environ.get("OPENTVET_SCREENSHOTS", "/tmp/opentvet-shots"))


@pytest.fixture
def rector(actor_of, persona_user):
    return actor_of(persona_user("rector"))


@pytest.fixture
def officer(actor_of, persona_user):
    return actor_of(persona_user("provincial_officer"))


def _complete(draft, rector, **overrides):
    values = {"ts.college": 10, "ts.intermediate": 20, "ts.elementary": 30, "ts.total": 60}
    values.update(overrides)
    services.submission_save(
        actor=rector,
        submission=draft,
        values=values,
        comments={c: "Giải trình" for c in values},
        narrative={"results": "Kết quả", "key_tasks": "Nhiệm vụ"},
    )


def test_a_draft_is_prefilled_from_live_data(draft_a, college_a):
    values = {v.code: v for v in draft_a.values.all()}
    units = Organisation.objects.filter(path__startswith=college_a.path, kind="unit").count()
    assert values["dv.units"].value == units
    assert values["dv.units"].source == ValueSource.COMPUTED
    assert values["dv.faculties"].value == 3
    assert values["ts.total"].source == ValueSource.MANUAL
    # A code no app registers (yet) is tolerated and says so.
    assert values["qt.self_financing"].source == ValueSource.NO_SOURCE
    assert values["qt.self_financing"].value is None


def test_validation_catches_totals_negatives_required_parts(draft_a, rector):
    _complete(draft_a, rector, **{"ts.total": 70, "tc.revenue": -5})
    messages = [i.message for i in services.submission_validate(draft_a)]
    assert any("Tổng không khớp" in m for m in messages)
    assert any("không được âm" in m for m in messages)
    with pytest.raises(ValidationError):
        services.submission_sign(actor=rector, submission=draft_a)
    services.submission_save(
        actor=rector, submission=draft_a, values={"ts.total": 60, "tc.revenue": 5}
    )
    services.submission_save(actor=rector, submission=draft_a, values={}, narrative={"results": ""})
    assert any("Chưa viết phần" in i.message for i in services.submission_validate(draft_a))


def test_a_large_swing_needs_a_comment(draft_a, rector):
    _complete(draft_a, rector, **{"ts.college": 1000, "ts.total": 1050})
    services.submission_save(
        actor=rector, submission=draft_a, values={}, comments={"ts.college": ""}
    )
    issues = services.submission_validate(draft_a)
    assert any(i.code == "ts.college" and "kỳ trước" in i.message for i in issues)


def test_the_loop_submit_return_resubmit_keeps_every_version(draft_a, rector, officer):
    _complete(draft_a, rector)
    with pytest.raises(ValidationError):  # not signed yet
        services.submission_submit(actor=rector, submission=draft_a)
    services.submission_sign(actor=rector, submission=draft_a)
    services.submission_submit(actor=rector, submission=draft_a)
    assert set(draft_a.values.values_list("submitted", flat=True)) == {True}
    with pytest.raises(ValidationError):
        services.submission_return(actor=officer, submission=draft_a, comment="  ")
    services.submission_return(actor=officer, submission=draft_a, comment="Bổ sung số liệu")
    assert set(draft_a.values.values_list("submitted", flat=True)) == {False}
    services.submission_save(
        actor=rector,
        submission=draft_a,
        values={"tc.revenue": 12},
        comments={"tc.revenue": "Thu giảm do hết đợt tuyển sinh"},
    )
    services.submission_sign(actor=rector, submission=draft_a)
    services.submission_submit(actor=rector, submission=draft_a)
    services.submission_acknowledge(actor=officer, submission=draft_a)
    versions = list(draft_a.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].outcome == "returned"
    assert versions[0].review_comment == "Bổ sung số liệu"
    assert versions[1].outcome == "acknowledged"
    second = {v["code"]: v for v in versions[1].snapshot["values"]}
    assert second["tc.revenue"]["value"] == "12.0000"
    verbs = set(
        AuditEntry.objects.filter(
            object_id=str(draft_a.pk), object_type="reporting.submission"
        ).values_list("verb", flat=True)
    )
    assert {
        "submission_start",
        "submission_sign",
        "submission_submit",
        "submission_return",
        "submission_acknowledge",
    } <= verbs


def test_only_the_rector_signs(draft_a, actor_of, persona_user, rector):
    _complete(draft_a, rector)
    with pytest.raises(PermissionError):
        services.submission_sign(actor=actor_of(persona_user("vice_rector")), submission=draft_a)


def test_rollup_sums_submitted_reports_and_compares_periods(last_period, officer, org):
    root = org("SGDDT-96")
    rows = {
        r.code: r for r in selectors.period_rollup(actor=officer, period=last_period, root=root)
    }
    expected = sum(
        SubmissionValue.all_objects.filter(
            period=last_period, code="ts.total", submitted=True
        ).values_list("value", flat=True)
    )
    assert rows["ts.total"].value == expected
    assert rows["ts.total"].reporting == 2
    assert rows["ts.total"].previous is not None  # the month before was submitted too
    breakdown = selectors.rollup_breakdown(
        actor=officer, period=last_period, root=root, code="ts.total"
    )
    assert {r["label"] for r in breakdown} == {
        "Trường Cao đẳng Kinh tế - Kỹ thuật Bạc Liêu",
        "Trường Cao đẳng Cộng đồng Cà Mau",
    }


def test_a_province_sees_only_its_institutions(last_period, actor_of, persona_user, org):
    other = actor_of(persona_user("other_provincial_officer"))
    assert selectors.submission_list(actor=other).filter(period=last_period).count() == 0
    rows = selectors.period_rollup(actor=other, period=last_period, root=org("SGDDT-96"))
    assert all(r.value is None for r in rows)


def test_a_submitted_report_is_never_recomputed(submission_a, rector):
    before = list(submission_a.versions.values_list("snapshot", flat=True))
    old = IndicatorDefinition.objects.filter(code="dv.units").order_by("-version").first()
    services.indicator_definition_revise(
        actor=rector if rector.paths_with("report.review") else None,
        code="dv.units",
        name="Số đơn vị (định nghĩa mới)",
        kind="computed",
        registry_code="core.units.faculties",
    )
    new = IndicatorDefinition.objects.filter(code="dv.units").order_by("-version").first()
    assert new.version == old.version + 1
    assert list(submission_a.versions.values_list("snapshot", flat=True)) == before
    value = submission_a.values.get(code="dv.units")
    assert value.definition_version == old.version


def test_document_numbers_run_per_type_and_year(officer, org):
    province = org("SGDDT-96")
    first = services.document_issue(
        actor=officer,
        organisation=province,
        doc_type="BC",
        subject="Báo cáo A",
        issued_on=dt.date(2031, 1, 5),
    )
    second = services.document_issue(
        actor=officer,
        organisation=province,
        doc_type="BC",
        subject="Báo cáo B",
        issued_on=dt.date(2031, 2, 5),
    )
    letter = services.document_issue(
        actor=officer,
        organisation=province,
        doc_type="CV",
        subject="Công văn",
        issued_on=dt.date(2031, 2, 5),
    )
    next_year = services.document_issue(
        actor=officer,
        organisation=province,
        doc_type="BC",
        subject="Báo cáo C",
        issued_on=dt.date(2032, 1, 2),
    )
    assert (first.number, second.number, next_year.number) == (1, 2, 1)
    assert first.symbol == "1/BC-SGDĐT"
    assert letter.symbol == "1/SGDĐT"


def test_a_difficulty_is_routed_answered_and_closed(
    rector, officer, actor_of, persona_user, college_a, org
):
    difficulty = services.difficulty_raise(
        actor=rector, organisation=college_a, category="finance", title="Thiếu kinh phí"
    )
    assert difficulty.routed_to == org("SGDDT-96")
    policy = services.difficulty_raise(
        actor=rector, organisation=college_a, category="policy", title="Cơ chế"
    )
    assert policy.routed_to == org("CUC-GDNN")
    with pytest.raises(ValidationError):
        services.difficulty_route(actor=officer, difficulty=difficulty, to=org("UBND-01"))
    services.difficulty_route(actor=officer, difficulty=difficulty, to=org("UBND-96"))
    with pytest.raises(PermissionError):
        services.difficulty_answer(actor=officer, difficulty=difficulty, answer="x")
    leader = actor_of(persona_user("committee_leader"))
    document = Document.all_objects.filter(organisation=org("UBND-96")).first()
    services.difficulty_answer(
        actor=leader, difficulty=difficulty, answer="Đã bố trí vốn", document=document
    )
    services.difficulty_close(actor=rector, difficulty=difficulty)
    difficulty.refresh_from_db()
    assert difficulty.status == Difficulty.Status.CLOSED
    assert difficulty.resolving_document == document
    counts = selectors.difficulty_counts(actor=officer)
    assert all(c["n"] > 0 for c in counts)


def test_task_progress_rolls_up_to_the_key_task(rector, college_a):
    key = services.task_assign(
        actor=rector, assigned_by=college_a, owner=college_a, title="Trọng tâm", key_year=2031
    )
    a = services.task_assign(
        actor=rector, assigned_by=college_a, owner=college_a, title="A", parent=key
    )
    b = services.task_assign(
        actor=rector, assigned_by=college_a, owner=college_a, title="B", parent=key
    )
    services.task_update_progress(actor=rector, task=a, progress=100, note="xong")
    services.task_update_progress(actor=rector, task=b, progress=50)
    key.refresh_from_db()
    assert key.progress == 75
    a.refresh_from_db()
    assert a.status == Task.Status.DONE
    with pytest.raises(ValidationError):
        services.task_assign(
            actor=rector,
            assigned_by=college_a,
            owner=Organisation.objects.get(code="CD96002"),
            title="x",
        )


def test_overdue_tasks_show_on_the_board(officer):
    board = selectors.task_board(actor=officer)
    assert board.overdue >= 1


def test_drafting_workflow(actor_of, persona_user, org):
    analyst = actor_of(persona_user("national_analyst"))
    project = services.drafting_create(
        actor=analyst, organisation=org("CUC-GDNN"), kind="scheme", title="Đề án thử"
    )
    with pytest.raises(ValidationError):
        services.drafting_transition(actor=analyst, project=project, to="issued")
    for step in ["consulting", "submitted", "revising", "submitted", "issued"]:
        services.drafting_transition(actor=analyst, project=project, to=step)
    project.refresh_from_db()
    assert project.status == DraftingProject.Status.ISSUED
    assert len(project.history) == 6


def test_reminders_go_to_institutions_that_have_not_submitted(current_period, officer):
    count = services.period_remind(actor=officer, period=current_period)
    assert count == 4  # every Cà Mau institution: nobody has submitted this month yet


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_briefing_pack_and_rollup_document_render(fmt, officer, persona_user, org, last_period):
    province = org("SGDDT-96")
    job = Job.objects.create(
        kind="reporting.briefing_pack",
        title="t",
        organisation=province,
        created_by=persona_user("provincial_officer"),
        params={
            "organisation_id": province.pk,
            "year": last_period.year,
            "month": last_period.number,
            "format": fmt,
        },
    )
    output = _HANDLERS["reporting.briefing_pack"](job, officer, lambda p, m="": None)
    assert output.filename.endswith(fmt)
    assert len(output.content) > 2000
    rollup = Job.objects.create(
        kind="reporting.rollup_document",
        title="t",
        organisation=province,
        created_by=persona_user("provincial_officer"),
        params={"period_id": last_period.pk, "root_id": province.pk, "format": fmt},
    )
    doc = _HANDLERS["reporting.rollup_document"](rollup, officer, lambda p, m="": None)
    assert doc.filename.endswith(fmt)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"briefing.{fmt}").write_bytes(output.content)
    (SHOTS / f"rollup.{fmt}").write_bytes(doc.content)
    if fmt == "pdf":
        assert output.content.startswith(b"%PDF")
    assert Submission.all_objects.exists()


def test_live_values_for_many_institutions_equal_one_by_one(current_period):
    from opentvet.reporting.services.submissions import live_values, template_items

    items = template_items(current_period)
    ids = list(Organisation.objects.filter(kind="institution").values_list("pk", flat=True))
    together = live_values(items, ids, current_period.start, current_period.end)
    for pk in ids:
        alone = live_values(items, [pk], current_period.start, current_period.end)[pk]
        assert alone == together[pk]
    assert any(v[0] and v[0] > Decimal(0) for v in together[ids[0]].values())
