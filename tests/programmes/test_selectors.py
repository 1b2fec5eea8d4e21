"""Public reads, the national register counts, the diff and the indicators."""

from __future__ import annotations

import pytest

from opentvet.core.indicators import get_indicator
from opentvet.core.models import Organisation, OrgKind
from opentvet.programmes.diff import version_diff
from opentvet.programmes.models import Programme, ProgrammeVersion
from opentvet.programmes.selectors import (
    PublicFilters,
    RegisterFilters,
    national_register,
    national_register_counts,
    programme_public_detail,
    published_programmes,
    version_current,
)

pytestmark = pytest.mark.django_db


def test_public_programmes_are_published_and_current_only(college_a):
    rows = list(published_programmes())
    ids = {r["id"] for r in rows}
    assert all(v.status == "published" for v in ProgrammeVersion.all_objects.filter(pk__in=ids))
    codes = {r["programme__code"] for r in rows if r["institution_id"] == college_a.pk}
    assert "CD-CNTT" in codes and "CD-TMDT" not in codes  # the draft is not public
    assert "decision_signer" not in rows[0] and "review_note" not in rows[0]
    search = list(published_programmes(PublicFilters(q="cong nghe thong tin")))
    assert search and all("6480" in r["programme__occupation_id"] for r in search)
    assert list(published_programmes(PublicFilters(international=True)))


def test_public_detail_has_modules_and_refuses_drafts(college_a, it_programme):
    current = version_current(programme=it_programme)
    detail = programme_public_detail(current.pk)
    assert detail["programme__code"] == "CD-CNTT"
    assert len(detail["modules"]) >= 20
    assert programme_public_detail(current.based_on_id) is None  # retired
    draft = ProgrammeVersion.all_objects.get(programme__code="CD-TMDT", institution=college_a)
    assert programme_public_detail(draft.pk) is None
    assert programme_public_detail("abc") is None


def test_register_counts(persona_user, actor_of):
    actor = actor_of(persona_user("national_analyst"))
    rows = national_register(actor=actor, filters=RegisterFilters())
    counts = national_register_counts(rows)
    assert sum(r["n"] for r in counts["province"]) == rows.count()
    assert {r["delivery_mode"] for r in counts["mode"]} >= {"in_person", "dual"}
    assert any(r["is_international"] for r in counts["international"])
    level = national_register(actor=actor, filters=RegisterFilters(training_level="trung_cap"))
    assert {v.programme.training_level_id for v in level} == {"trung_cap"}


def test_the_diff_names_added_removed_and_changed_modules(it_programme):
    new = version_current(programme=it_programme)
    diff = version_diff(new.based_on, new)
    changes = {m.code: m.change for m in diff.modules}
    assert changes == {"MĐ16": "changed", "MĐ22": "removed", "MĐ23": "added"}
    fields = {f.field for f in diff.fields}
    assert {"delivery_mode", "tuition_per_year", "total_credits"} <= fields
    assert version_diff(new, new).is_empty


def test_indicators_take_one_query_for_all_institutions(
    django_assert_num_queries, college_a, today
):
    institutions = list(
        Organisation.objects.filter(kind=OrgKind.INSTITUTION).values_list("pk", flat=True)
    )
    end = today
    for code in [
        "programmes.published",
        "programmes.by_delivery_mode",
        "programmes.international_pilots",
    ]:
        with django_assert_num_queries(1):
            values = get_indicator(code).values(
                institution_ids=institutions, start=end.replace(month=1, day=1), end=end
            )
        assert college_a.pk in values or code == "programmes.international_pilots"
    published = get_indicator("programmes.published").values(
        institution_ids=institutions, start=end, end=end
    )
    assert (
        published[college_a.pk]
        == Programme.all_objects.filter(institution=college_a, versions__status="published")
        .distinct()
        .count()
    )
    pilots = get_indicator("programmes.international_pilots").values(
        institution_ids=institutions, start=end, end=end
    )
    assert sum(pilots.values()) == 3


def test_pilot_figures_come_from_registered_counters(login, college_b):
    from django.urls import reverse

    from opentvet.programmes import selectors

    programme = Programme.all_objects.get(institution=college_b, code="CD-OTO-DE")
    assert selectors.pilot_figures([programme.pk])[programme.pk]["cohorts"] == 0
    counter = selectors.register_pilot_counter(
        lambda ids: {pk: {"cohorts": 3, "graduates": 40, "dual_certificates": 35} for pk in ids}
    )
    try:
        body = login("other_rector").get(reverse("programmes:detail", args=[programme.pk]))
        text = body.content.decode()
        assert 'data-testid="pilot"' in text and "35" in text
    finally:
        selectors._PILOT_COUNTERS.remove(counter)
