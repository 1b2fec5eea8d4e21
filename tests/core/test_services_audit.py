"""Core services write audit entries with field-level before/after, and keep history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from opentvet.core.models import AuditEntry, Membership, OrganisationEvent, OrgKind
from opentvet.core.services import (
    membership_grant,
    membership_revoke,
    organisation_create,
    organisation_merge,
    organisation_rename,
    organisation_update,
)


def _last(verb, obj):
    return AuditEntry.objects.filter(verb=verb, object_id=str(obj.pk)).latest("id")


def test_update_records_before_and_after(actor_of, persona_user, college_a):
    actor = actor_of(persona_user("rector"))
    old = college_a.leader_name
    changes = organisation_update(
        actor=actor, organisation=college_a, data={"leader_name": "Tô Minh Khoa"}
    )
    assert changes == {"leader_name": [old, "Tô Minh Khoa"]}
    entry = _last("organisation_update", college_a)
    assert entry.actor == actor.user
    assert entry.organisation_path == college_a.path
    assert entry.changes == {"leader_name": [old, "Tô Minh Khoa"]}


def test_update_without_change_writes_nothing(actor_of, persona_user, college_a):
    actor = actor_of(persona_user("rector"))
    count = AuditEntry.objects.count()
    assert (
        organisation_update(actor=actor, organisation=college_a, data={"name": college_a.name})
        == {}
    )
    assert AuditEntry.objects.count() == count


def test_update_refuses_fields_outside_the_profile(actor_of, persona_user, college_a):
    actor = actor_of(persona_user("rector"))
    with pytest.raises(ValidationError):
        organisation_update(actor=actor, organisation=college_a, data={"parent": None})


def test_create_under_a_parent_needs_org_change_there(actor_of, persona_user, college_a):
    with pytest.raises(PermissionError):
        organisation_create(
            actor=actor_of(persona_user("teacher")),
            parent=college_a,
            kind=OrgKind.UNIT,
            code="CD96001-X",
            name="Phòng mới",
        )
    unit = organisation_create(
        actor=actor_of(persona_user("rector")),
        parent=college_a,
        kind=OrgKind.UNIT,
        code="CD96001-PCTHSSV",
        name="Phòng Công tác học sinh, sinh viên",
    )
    assert unit.path.startswith(college_a.path)
    entry = _last("organisation_create", unit)
    assert entry.action == "create"
    assert entry.organisation_path == unit.path


def test_the_tree_refuses_impossible_children(college_a):
    with pytest.raises(ValidationError):
        organisation_create(
            actor=None, parent=college_a, kind=OrgKind.PEOPLES_COMMITTEE, code="X1", name="Sai cấp"
        )


def test_rename_and_merge_keep_history(actor_of, persona_user, org):
    actor = actor_of(persona_user("provincial_officer"))
    centre = org("TT96001")
    organisation_rename(
        actor=actor,
        organisation=centre,
        new_name="Trung tâm GDNN Đầm Dơi",
        effective_date=dt.date(2026, 1, 1),
        decision="15/QĐ-UBND",
    )
    into = org("CD96002")
    organisation_merge(
        actor=actor,
        organisation=centre,
        into=into,
        effective_date=dt.date(2026, 7, 1),
        decision="88/QĐ-UBND",
    )
    centre.refresh_from_db()
    assert centre.valid_to == dt.date(2026, 7, 1)
    assert centre.successor == into
    kinds = list(centre.events.values_list("kind", flat=True))
    assert OrganisationEvent.Kind.RENAMED in kinds
    assert OrganisationEvent.Kind.MERGED in kinds
    assert _last("organisation_merge", centre).changes["valid_to"] == [None, "2026-07-01"]


def test_merged_institution_leaves_the_active_list(login, org, actor_of, persona_user):
    organisation_merge(
        actor=actor_of(persona_user("provincial_officer")),
        organisation=org("TC96001"),
        into=org("CD96002"),
        effective_date=dt.date(2026, 7, 1),
    )
    html = login("provincial_officer").get("/to-chuc/", {"kind": "institution"}).content.decode()
    assert "Năm Căn" not in html


def test_membership_grant_and_revoke_are_audited(actor_of, persona_user, college_a):
    rector = actor_of(persona_user("rector"))
    teacher = persona_user("teacher")
    membership = membership_grant(
        actor=rector, user=teacher, organisation=college_a, role="qa_officer"
    )
    assert _last("membership_grant", membership).changes["role"] == [None, "qa_officer"]
    membership_revoke(actor=rector, membership=membership)
    membership.refresh_from_db()
    assert not membership.is_active
    assert _last("membership_revoke", membership).changes["is_active"] == [True, False]


def test_vice_rector_cannot_grant_roles(actor_of, persona_user, college_a):
    with pytest.raises(PermissionError):
        membership_grant(
            actor=actor_of(persona_user("vice_rector")),
            user=persona_user("teacher"),
            organisation=college_a,
            role="rector",
        )


def test_a_role_only_fits_its_kind_of_organisation(persona_user, college_a):
    with pytest.raises(ValidationError):
        membership_grant(
            actor=None,
            user=persona_user("teacher"),
            organisation=college_a,
            role="provincial_officer",
        )


def test_demo_is_idempotent(db):
    from opentvet.demo.builder import build_demo

    counts = (AuditEntry.objects.count(), Membership.objects.count())
    build_demo(seed=2026, log=lambda _m: None)
    assert (AuditEntry.objects.count(), Membership.objects.count()) == counts
