"""The access layer: reach follows the organisation tree; outsiders get 404."""

from __future__ import annotations

import pytest
from django.http import Http404

from opentvet.core.access import access_organisation_by_id, parse_id
from opentvet.core.models import AuditEntry
from opentvet.core.scopes import ScopeError, scope

from support import INSIDERS_OF_COLLEGE_A, OUTSIDERS_OF_COLLEGE_A


@pytest.mark.parametrize("key", INSIDERS_OF_COLLEGE_A)
def test_insiders_reach_college_a(persona_user, actor_of, college_a, key):
    actor = actor_of(persona_user(key))
    assert access_organisation_by_id(actor, college_a.pk) == college_a


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404(persona_user, actor_of, college_a, key):
    actor = actor_of(persona_user(key))
    with pytest.raises(Http404):
        access_organisation_by_id(actor, college_a.pk)


def test_provincial_officer_reaches_every_institution_of_the_province_only(
    persona_user, actor_of, college_a_sibling, college_b
):
    actor = actor_of(persona_user("provincial_officer"))
    assert access_organisation_by_id(actor, college_a_sibling.pk) == college_a_sibling
    with pytest.raises(Http404):
        access_organisation_by_id(actor, college_b.pk)


def test_unit_head_reaches_own_unit_not_the_rest_of_the_school(persona_user, actor_of, org):
    actor = actor_of(persona_user("unit_head"))
    assert access_organisation_by_id(actor, org("CD96001-KCNTT").pk)
    with pytest.raises(Http404):
        access_organisation_by_id(actor, org("CD96001-PKHTC").pk)


@pytest.mark.parametrize("key", ["national_analyst", "committee_leader", "vice_rector", "teacher"])
def test_read_only_roles_cannot_open_for_write(persona_user, actor_of, college_a, org, key):
    target = org("CD96001-KCNTT") if key == "teacher" else college_a
    actor = actor_of(persona_user(key))
    access_organisation_by_id(actor, target.pk)  # may read
    if key == "vice_rector":
        # A vice-rector manages the school's data, so this role may write.
        assert access_organisation_by_id(actor, target.pk, for_write=True) == target
        return
    with pytest.raises(Http404):
        access_organisation_by_id(actor, target.pk, for_write=True)


@pytest.mark.parametrize("bad", ["abc", "-1", "0", "1.5", "", None, "9" * 40, "1; DROP TABLE"])
def test_malformed_ids_are_404(bad):
    with pytest.raises(Http404):
        parse_id(bad)


def test_tenant_queryset_refuses_to_run_without_scope():
    # The autouse fixture gives tests a trusted scope; leave it for a moment.
    from opentvet.core import scopes

    token = scopes._state.set(None)
    try:
        with pytest.raises(ScopeError):
            list(AuditEntry.objects.all())
    finally:
        scopes._state.reset(token)


def test_tenant_queryset_is_filtered_to_the_actors_reach(
    persona_user, actor_of, college_a, college_b
):
    actor = actor_of(persona_user("rector"))
    with scope(actor):
        paths = set(AuditEntry.objects.values_list("organisation_path", flat=True))
    assert paths, "the demo leaves audit entries for college A"
    assert all(p.startswith(college_a.path) for p in paths)
    assert not any(p.startswith(college_b.path) for p in paths)


def test_anonymous_scope_sees_nothing():
    with scope(None):
        assert AuditEntry.objects.count() == 0


def test_a_role_held_at_a_unit_reaches_its_institution_only_with_its_institution_permissions(
    persona_user, actor_of, college_a, org
):
    teacher = actor_of(persona_user("teacher"))  # held at Khoa CNTT
    assert teacher.can("programme.view", college_a.path)
    assert not teacher.can("org.view", org("CD96001-PKHTC").path)
    assert not teacher.can("programme.view", org("CD96002").path)


def test_an_office_role_recorded_at_its_office_serves_the_whole_institution(
    persona_user, actor_of, college_a, org
):
    from opentvet.core.services import membership_grant

    user = persona_user("student")
    membership_grant(
        actor=None, user=user, organisation=org("CD96001-TTTSVL"), role="admissions_officer"
    )
    actor = actor_of(user)
    assert actor.can("admissions.change", college_a.path)
    assert actor.can("admissions.change", org("CD96001-KKT").path)
    assert not actor.can("admissions.change", org("CD96002").path)
