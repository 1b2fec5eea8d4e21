"""Programme services: the development workflow, its rules, versions, registration and scale."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from opentvet.catalogue.models import Occupation, TrainingLevel
from opentvet.core.models import AuditEntry
from opentvet.programmes import selectors
from opentvet.programmes.models import Programme, ProgrammeModule, ProgrammeVersion
from opentvet.programmes.selectors import registered_scale_remaining, version_current
from opentvet.programmes.services import (
    LineInput,
    consultation_record,
    module_add,
    module_remove,
    module_update,
    programme_create,
    registration_set,
    version_approve,
    version_copy,
    version_publish,
    version_review,
    version_submit_for_review,
    versions_retire_due,
)

pytestmark = pytest.mark.django_db

CONSULTATION = {
    "kind": "employer",
    "held_on": dt.date(2026, 1, 10),
    "organisation_name": "Công ty TNHH Phần mềm Cà Mau",
    "participants": "Trưởng phòng nhân sự",
    "requests": "Thêm thực hành Git và kiểm thử.",
}


def _decision(version, rector, on):
    return version_approve(
        actor=rector,
        version=version,
        decision_number="15/QĐ-CĐKTKT",
        decision_date=on,
        decision_signer="Tô Minh Khoa",
    )


def _walk_to_published(version, officer, rector, on):
    version_submit_for_review(actor=officer, version=version)
    version_review(actor=officer, version=version, accept=True)
    consultation_record(actor=officer, version=version, data={**CONSULTATION, "held_on": on})
    _decision(version, rector, on)
    return version_publish(actor=rector, version=version, effective_from=on)


def test_the_whole_workflow_is_enforced_and_audited(make_draft, officer, rector, today):
    version = make_draft()
    assert version.total_credits == 66
    assert version.total_hours == 11 * 110

    version_submit_for_review(actor=officer, version=version)
    assert version.status == "under_review"
    with pytest.raises(ValidationError):
        module_add(actor=officer, version=version, data={"code": "X", "name": "Muộn"})
    version_review(actor=officer, version=version, accept=True, note="Đạt")
    assert version.status == "consulting"
    with pytest.raises(ValidationError, match="Chưa có ý kiến"):
        _decision(version, rector, today)
    consultation_record(actor=officer, version=version, data={**CONSULTATION, "held_on": today})
    with pytest.raises(PermissionError):
        _decision(version, officer, today)  # the training office cannot approve
    _decision(version, rector, today)
    assert version.status == "approved"
    version_publish(actor=rector, version=version, effective_from=today)
    assert version.status == "published"
    assert version_current(programme=version.programme) == version

    verbs = list(
        AuditEntry.all_objects.filter(
            object_type="programmes.programmeversion", object_id=str(version.pk)
        )
        .order_by("at", "id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "version_create_draft",
        "version_update",
        "version_submit_for_review",
        "version_review_accept",
        "version_approve",
        "version_publish",
    ]
    assert AuditEntry.all_objects.filter(
        verb="consultation_record", organisation=version.institution
    ).exists()
    assert AuditEntry.all_objects.filter(verb="module_add").count() >= 11


def test_steps_out_of_order_are_refused_in_vietnamese(make_draft, officer, rector, today):
    version = make_draft()
    with pytest.raises(ValidationError, match="Dự thảo"):
        version_publish(actor=rector, version=version, effective_from=today)
    with pytest.raises(ValidationError):
        version_review(actor=officer, version=version, accept=True)
    with pytest.raises(ValidationError):
        consultation_record(actor=officer, version=version, data=CONSULTATION)


def test_return_needs_a_note_and_goes_back_to_draft(make_draft, officer):
    version = make_draft()
    version_submit_for_review(actor=officer, version=version)
    with pytest.raises(ValidationError) as error:
        version_review(actor=officer, version=version, accept=False)
    assert "note" in error.value.message_dict
    version_review(actor=officer, version=version, accept=False, note="Thiếu mô-đun an toàn.")
    assert version.status == "draft"
    assert version.review_note == "Thiếu mô-đun an toàn."


def test_submit_checks_credits_and_theory_share(make_draft, officer):
    few = make_draft(
        code="T-FEW",
        modules=[
            {"code": "A", "name": "A", "credits": 20, "theory_hours": 200, "practice_hours": 300}
        ],
    )
    with pytest.raises(ValidationError) as error:
        version_submit_for_review(actor=officer, version=few)
    assert "total_credits" in error.value.message_dict
    assert "60" in error.value.message_dict["total_credits"][0]

    theory_heavy = make_draft(
        code="T-LT",
        modules=[
            {"code": "A", "name": "A", "credits": 62, "theory_hours": 900, "practice_hours": 300}
        ],
    )
    with pytest.raises(ValidationError) as error:
        version_submit_for_review(actor=officer, version=theory_heavy)
    assert "theory_hours" in error.value.message_dict


def test_intermediate_programmes_for_lower_secondary_entrants_need_50_credits(make_draft, officer):
    modules = [
        {"code": f"M{i}", "name": f"M{i}", "credits": 4, "theory_hours": 30, "practice_hours": 60}
        for i in range(10)
    ]
    version = make_draft(
        code="T-TC",
        occupation="5520227",
        modules=modules,
        duration_months=18,
        entry_level="lower_secondary",
    )
    with pytest.raises(ValidationError) as error:
        version_submit_for_review(actor=officer, version=version)
    assert "50" in error.value.message_dict["total_credits"][0]


def test_programme_create_validates_the_occupation_and_code(officer, college_a):
    cao_dang = TrainingLevel.objects.get(pk="cao_dang")
    with pytest.raises(ValidationError) as error:
        programme_create(
            actor=officer,
            institution=college_a,
            occupation=Occupation.objects.get(pk="5520227"),
            training_level=cao_dang,
            code="X1",
        )
    assert "occupation" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        programme_create(
            actor=officer,
            institution=college_a,
            occupation=Occupation.objects.get(pk="6480201"),
            training_level=cao_dang,
            code="CD-CNTT",
        )
    assert "code" in error.value.message_dict


def test_others_cannot_write_programmes(persona_user, actor_of, college_a, make_draft):
    cao_dang = TrainingLevel.objects.get(pk="cao_dang")
    for key in ["other_rector", "provincial_officer", "teacher"]:
        with pytest.raises(PermissionError):
            programme_create(
                actor=actor_of(persona_user(key)),
                institution=college_a,
                occupation=Occupation.objects.get(pk="6480207"),
                training_level=cao_dang,
                code=f"Z-{key}",
            )


def test_unit_grants_reach_the_whole_institution_only(officer, college_a, college_b, org):
    assert officer.can("programme.change", college_a.path)
    assert not officer.can("programme.change", college_b.path)
    assert not officer.can("programme.change", org("CD96002").path)
    assert not officer.can("programme.approve", college_a.path)


def test_a_new_version_copies_the_published_one(it_programme, officer):
    current = version_current(programme=it_programme)
    draft = version_copy(actor=officer, version=current)
    assert draft.status == "draft"
    assert draft.number == current.number + 1
    assert draft.based_on == current
    assert ProgrammeModule.all_objects.filter(version=draft).count() == (
        ProgrammeModule.all_objects.filter(version=current).count()
    )
    assert draft.total_credits == current.total_credits
    with pytest.raises(ValidationError, match="chưa ban hành"):
        version_copy(actor=officer, version=current)
    # The published version itself is untouched by edits to the draft.
    module = ProgrammeModule.all_objects.get(version=draft, code="MĐ16")
    module_update(actor=officer, module=module, data={"credits": 7})
    module_remove(actor=officer, module=ProgrammeModule.all_objects.get(version=draft, code="MĐ21"))
    assert ProgrammeModule.all_objects.get(version=current, code="MĐ16").credits == 5
    assert ProgrammeModule.all_objects.filter(version=current, code="MĐ21").exists()


def test_publishing_retires_the_previous_version(it_programme, officer, rector, today):
    old = version_current(programme=it_programme)
    new = version_copy(actor=officer, version=old)
    _walk_to_published(new, officer, rector, today)
    old.refresh_from_db()
    assert old.status == "retired"
    assert old.effective_to == today - dt.timedelta(days=1)
    assert version_current(programme=it_programme) == new


def test_a_future_publication_keeps_the_old_version_until_the_day(
    it_programme, officer, rector, today
):
    old = version_current(programme=it_programme)
    new = version_copy(actor=officer, version=old)
    version_submit_for_review(actor=officer, version=new)
    version_review(actor=officer, version=new, accept=True)
    consultation_record(actor=officer, version=new, data={**CONSULTATION, "held_on": today})
    _decision(new, rector, today)
    start = today + dt.timedelta(days=30)
    version_publish(actor=rector, version=new, effective_from=start)
    old.refresh_from_db()
    assert old.status == "published"
    assert version_current(programme=it_programme) == old
    assert version_current(programme=it_programme, on=start) == new
    assert versions_retire_due(today=start) == 1
    old.refresh_from_db()
    assert old.status == "retired"


def test_registration_and_remaining_scale(officer, college_a, it_programme, today):
    status = registered_scale_remaining(it_programme, today.year)
    assert status.scale is not None

    counter = selectors.register_enrolled_counter(lambda ids, year: 500)
    try:
        status = registered_scale_remaining(it_programme, today.year, adding=1)
        assert status.warning
        assert "Vượt quy mô" in status.message
    finally:
        selectors._ENROLLED_COUNTERS.remove(counter)

    registration_set(
        actor=officer,
        institution=college_a,
        certificate_number="99/2026/GCNĐKHĐ",
        issued_on=today,
        issued_by="Sở GD&ĐT Cà Mau",
        lines=[
            LineInput(
                occupation=it_programme.occupation,
                training_level=it_programme.training_level,
                annual_scale=700,
            )
        ],
    )
    assert registered_scale_remaining(it_programme, today.year).scale == 700
    assert AuditEntry.all_objects.filter(verb="registration_set").exists()

    draft = Programme.all_objects.get(institution=college_a, code="CD-TMDT")
    unregistered = registered_scale_remaining(draft, today.year)
    assert unregistered.scale is None and unregistered.warning


def test_registration_rejects_bad_lines(officer, college_a, today):
    occupation = Occupation.objects.get(pk="6480201")
    level = TrainingLevel.objects.get(pk="cao_dang")
    with pytest.raises(ValidationError) as error:
        registration_set(
            actor=officer,
            institution=college_a,
            certificate_number="",
            issued_on=today,
            issued_by="x",
            lines=[LineInput(occupation, level, 0), LineInput(occupation, level, 10)],
        )
    assert {"certificate_number", "lines"} <= set(error.value.message_dict)


def test_demo_programmes_exist_with_versions(it_programme):
    versions = ProgrammeVersion.all_objects.filter(programme=it_programme).order_by("number")
    assert [v.status for v in versions] == ["retired", "published"]
    assert ProgrammeModule.all_objects.filter(version=versions[1]).count() >= 20


def test_programme_querysets_build_but_never_run_without_a_scope():
    from opentvet.core.scopes import ScopeError, _state

    token = _state.set(None)  # no scope at all, as at import time
    try:
        queryset = ProgrammeVersion.objects.using("default").filter(number=1)
        with pytest.raises(ScopeError):
            list(queryset)
        with pytest.raises(ScopeError):
            queryset.count()
        with pytest.raises(ScopeError):
            Programme.objects.update(name="x")
    finally:
        _state.reset(token)


def test_scoped_reads_follow_the_programme_reach(officer, persona_user, actor_of, college_a):
    from opentvet.core.scopes import scope

    with scope(officer):
        institutions = set(Programme.objects.values_list("institution_id", flat=True))
        assert institutions == {college_a.pk}
        assert ProgrammeModule.objects.exists()
    with scope(actor_of(persona_user("other_rector"))):
        assert college_a.pk not in set(Programme.objects.values_list("institution_id", flat=True))
    with scope(None):
        assert not Programme.objects.exists()
