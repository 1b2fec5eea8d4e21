"""Meetings that end in directions: invitees, edit until closed, the numbered conclusion notice,
directions → tasks on the owner's home page, and who may see what (outsiders get 404)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from opentvet.core.models import AuditEntry, Membership, Role, User
from opentvet.reporting import services
from opentvet.reporting.models import (
    Document,
    DocumentType,
    Meeting,
    NoticeRecipient,
    Submission,
    Task,
)

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(org):  # type: ignore[no-untyped-def]
    return org("UBND-96")


@pytest.fixture
def leader(persona_user, actor_of):  # type: ignore[no-untyped-def]
    return actor_of(persona_user("committee_leader"))


@pytest.fixture
def invitation(committee):  # type: ignore[no-untyped-def]
    return services.document_issue(
        actor=None,
        organisation=committee,
        doc_type=DocumentType.GIAY_MOI,
        subject="Mời nhà trường báo cáo tình hình hoạt động",
    )


@pytest.fixture
def submitted_a(college_a):  # type: ignore[no-untyped-def]
    return Submission.all_objects.filter(
        institution=college_a, first_submitted_at__isnull=False
    ).first()


@pytest.fixture
def meeting(leader, committee, college_a, invitation, submitted_a, persona_user):  # type: ignore[no-untyped-def]
    return services.meeting_create(
        actor=leader,
        organisation=committee,
        kind=Meeting.Kind.WORKING_SESSION,
        title="Buổi làm việc với nhà trường",
        held_on=timezone.localdate(),
        place="Hội trường UBND tỉnh",
        chair="Phó Chủ tịch UBND tỉnh",
        guests=[college_a],
        invited_people=[persona_user("unit_head")],
        invitation=invitation,
        submissions=[submitted_a],
    )


@pytest.fixture
def sibling_rector(college_a_sibling):  # type: ignore[no-untyped-def]
    """The rector of another college of the same province, not invited."""
    user = User.objects.create_user(
        email="hieutruong.khac@camau.test", password="x", full_name="Người Không Được Mời"
    )
    Membership.objects.create(
        user=user, organisation=college_a_sibling, role=Role.objects.get(codename="rector")
    )
    return user


def _conclude(leader, meeting, owners):  # type: ignore[no-untyped-def]
    deadline = timezone.localdate() + dt.timedelta(days=30)
    return services.meeting_conclusion_issue(
        actor=leader,
        meeting=meeting,
        conclusions="Ghi nhận kết quả; giao nhiệm vụ như sau.",
        directions=[
            services.Direction(owner=o, title=f"Nhiệm vụ {i}", deadline=deadline)
            for i, o in enumerate(owners, start=1)
        ],
    )


# --- Services ---------------------------------------------------------------------------------


def test_create_records_invitees_links_and_audit(meeting, college_a, invitation, submitted_a):
    assert list(meeting.guest_organisations.all()) == [college_a]
    assert [u.full_name for u in meeting.invited_people.all()] == ["Mạc Đăng Khôi"]
    assert meeting.invitation == invitation
    assert list(meeting.submissions.all()) == [submitted_a]
    assert meeting.status == Meeting.Status.OPEN
    verbs = set(
        AuditEntry.objects.filter(
            object_id=str(meeting.pk), object_type="reporting.meeting"
        ).values_list("verb", flat=True)
    )
    assert verbs == {"meeting_create", "meeting_invite"}


def test_create_rejects_invitees_and_links_outside_the_convener(
    leader, committee, college_b, persona_user, org, submitted_a
):  # type: ignore[no-untyped-def]
    other_invitation = services.document_issue(
        actor=None, organisation=org("SGDDT-96"), doc_type=DocumentType.GIAY_MOI, subject="Mời họp"
    )
    with pytest.raises(ValidationError) as caught:
        services.meeting_create(
            actor=leader,
            organisation=committee,
            kind=Meeting.Kind.OTHER,
            title="Họp",
            held_on=timezone.localdate(),
            guests=[college_b],
            invited_people=[persona_user("other_rector")],
            invitation=other_invitation,
        )
    assert set(caught.value.message_dict) == {"guests", "invited_people", "invitation"}
    assert "phạm vi quản lý" in caught.value.message_dict["guests"][0]
    draft = Submission.all_objects.filter(first_submitted_at__isnull=True).first()
    if draft is not None:
        with pytest.raises(ValidationError) as caught:
            services.meeting_create(
                actor=leader,
                organisation=committee,
                kind=Meeting.Kind.OTHER,
                title="Họp",
                held_on=timezone.localdate(),
                submissions=[draft],
            )
        assert set(caught.value.message_dict) == {"submissions"}


def test_update_changes_details_until_closed(leader, meeting, college_a, college_a_sibling):
    services.meeting_update(
        actor=leader,
        meeting=meeting,
        kind=Meeting.Kind.WORKING_SESSION,
        title="Buổi làm việc (đổi giờ)",
        held_on=meeting.held_on,
        place="Phòng họp số 2",
        minutes="Nhà trường báo cáo.",
        guests=[college_a, college_a_sibling],
    )
    meeting.refresh_from_db()
    assert (meeting.title, meeting.place, meeting.minutes) == (
        "Buổi làm việc (đổi giờ)",
        "Phòng họp số 2",
        "Nhà trường báo cáo.",
    )
    assert set(meeting.guest_organisations.all()) == {college_a, college_a_sibling}
    assert meeting.invitation is None and not meeting.invited_people.exists()
    _conclude(leader, meeting, [college_a])
    with pytest.raises(ValidationError, match="không sửa được"):
        services.meeting_update(
            actor=leader,
            meeting=meeting,
            kind=Meeting.Kind.OTHER,
            title="Sau khi đóng",
            held_on=meeting.held_on,
        )
    meeting.refresh_from_db()
    assert meeting.title == "Buổi làm việc (đổi giờ)"


def test_conclusion_notices_are_numbered_in_the_convener_register(
    leader, meeting, committee, college_a
):  # type: ignore[no-untyped-def]
    second = services.meeting_create(
        actor=leader,
        organisation=committee,
        kind=Meeting.Kind.BRIEFING,
        title="Giao ban",
        held_on=timezone.localdate(),
    )
    first_notice = _conclude(leader, meeting, [college_a])
    second_notice = _conclude(leader, second, [])
    for notice in (first_notice, second_notice):
        assert notice.direction == Document.Direction.OUTGOING
        assert notice.doc_type == DocumentType.THONG_BAO
        assert notice.organisation == committee
        assert re.fullmatch(r"\d+/TB-UBND", notice.symbol), notice.symbol
        assert notice.symbol == f"{notice.number}/TB-UBND"
    assert second_notice.number == first_notice.number + 1
    assert first_notice.signer == "Phó Chủ tịch UBND tỉnh"  # the chair, when no signer is given
    assert first_notice.subject.startswith("Kết luận tại Buổi làm việc với nhà trường ngày ")


def test_directions_become_tasks_and_participants_recipients(
    leader, meeting, committee, college_a, org
):  # type: ignore[no-untyped-def]
    province = org("SGDDT-96")
    notice = _conclude(leader, meeting, [college_a, province])
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    assert meeting.conclusion_document == notice and meeting.closed_at is not None
    tasks = list(Task.all_objects.filter(meeting=meeting).order_by("title"))
    assert [(t.title, t.owner, t.assigned_by) for t in tasks] == [
        ("Nhiệm vụ 1", college_a, committee),
        ("Nhiệm vụ 2", province, committee),
    ]
    assert all(t.source_document == notice and t.deadline is not None for t in tasks)
    recipients = {
        (r.organisation.code, r.person.full_name if r.person else None, r.purpose)
        for r in NoticeRecipient.objects.filter(document=notice)
    }
    assert recipients == {
        ("CD96001", None, "act"),
        ("SGDDT-96", None, "act"),
        # the invited head of faculty, at their own unit, to know
        ("CD96001-KCNTT", "Mạc Đăng Khôi", "info"),
    }
    entry = AuditEntry.objects.get(verb="meeting_conclusion_issue", object_id=str(notice.pk))
    assert entry.actor == leader.user and entry.changes["symbol"] == [None, notice.symbol]


def test_the_conclusion_notice_reaches_the_participants_registers(leader, meeting, college_a, org):  # type: ignore[no-untyped-def]
    """Issue 13 item 5: the notice is sent to the participants; each finds it in its incoming
    register with the convener's number (the invited faculty head through the college)."""
    from opentvet.correspondence.models import Delivery

    province = org("SGDDT-96")
    notice = _conclude(leader, meeting, [province])
    deliveries = {
        d.recipient.code: d.purpose
        for d in Delivery.all_objects.filter(dispatch__registry_document=notice)
    }
    assert deliveries == {"SGDDT-96": "action", "CD96001": "info"}
    incoming = Delivery.all_objects.get(
        dispatch__registry_document=notice, recipient=college_a
    ).registry_document
    assert incoming.symbol == notice.symbol and incoming.direction == "in"


def test_a_refused_conclusion_takes_no_number_and_leaves_the_meeting_open(
    leader, meeting, college_b
):  # type: ignore[no-untyped-def]
    before = Document.all_objects.filter(doc_type=DocumentType.THONG_BAO).count()
    with pytest.raises(ValidationError) as caught:
        _conclude(leader, meeting, [college_b])
    assert set(caught.value.message_dict) == {"directions"}
    with pytest.raises(ValidationError) as caught:
        services.meeting_conclusion_issue(actor=leader, meeting=meeting, conclusions="  ")
    assert set(caught.value.message_dict) == {"conclusions"}
    assert Document.all_objects.filter(doc_type=DocumentType.THONG_BAO).count() == before
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN


def test_only_the_convener_concludes(meeting, persona_user, actor_of):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionError):
        services.meeting_conclusion_issue(
            actor=actor_of(persona_user("rector")), meeting=meeting, conclusions="Kết luận"
        )


# --- Pages ------------------------------------------------------------------------------------


def test_form_error_keeps_the_input(login, committee, college_a, submitted_a):  # type: ignore[no-untyped-def]
    client = login("committee_leader")
    url = reverse("reporting:meeting_create", args=[committee.pk])
    response = client.post(
        url,
        {
            "kind": "working",
            "title": "",
            "held_on": "2026-12-20",
            "place": "Hội trường tầng 3",
            "guests": [college_a.pk],
            "submissions": [submitted_a.pk],
            "minutes": "Ghi chép dở dang",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field="title"' in html
    assert 'value="Hội trường tầng 3"' in html
    assert 'value="2026-12-20"' in html
    assert "Ghi chép dở dang" in html
    assert re.search(rf'value="{college_a.pk}"[^>]*checked', html)
    assert re.search(rf'value="{submitted_a.pk}"[^>]*checked', html)
    assert not Meeting.all_objects.filter(place="Hội trường tầng 3").exists()


def test_leader_creates_edits_and_concludes_through_the_pages(
    login, committee, college_a, submitted_a, invitation, persona_user
):  # type: ignore[no-untyped-def]
    client = login("committee_leader")
    response = client.post(
        reverse("reporting:meeting_create", args=[committee.pk]),
        {
            "kind": "working",
            "title": "Làm việc với Trường CĐ",
            "held_on": timezone.localdate().isoformat(),
            "guests": [college_a.pk],
            "invited_people": [persona_user("rector").pk],
            "invitation": invitation.pk,
            "submissions": [submitted_a.pk],
        },
    )
    assert response.status_code == 302
    meeting = Meeting.all_objects.get(title="Làm việc với Trường CĐ")
    edit = reverse("reporting:meeting_edit", args=[meeting.pk])
    page = client.get(edit).content.decode()
    assert 'value="Làm việc với Trường CĐ"' in page
    response = client.post(
        edit,
        {
            "kind": "working",
            "title": "Làm việc với Trường CĐ",
            "held_on": timezone.localdate().isoformat(),
            "guests": [college_a.pk],
            "invitation": invitation.pk,
            "submissions": [submitted_a.pk],
            "minutes": "Nhà trường báo cáo năm nhiệm vụ trọng tâm.",
        },
    )
    assert response.status_code == 302
    conclude = reverse("reporting:meeting_conclude", args=[meeting.pk])
    assert client.get(conclude).status_code == 200
    deadline = (timezone.localdate() + dt.timedelta(days=45)).isoformat()
    form = {
        "conclusions": "Ghi nhận kết quả của nhà trường.",
        "issued_on": timezone.localdate().isoformat(),
        "signer": "Lâm Quốc Bảo",
        "subject": "",
        "chidao-TOTAL_FORMS": "3",
        "chidao-INITIAL_FORMS": "0",
        "chidao-0-owner": college_a.pk,
        "chidao-0-title": "Xây dựng đề án tự chủ",
        "chidao-0-deadline": deadline,
        "chidao-0-priority": "high",
        "chidao-1-owner": college_a.pk,
        "chidao-1-title": "Rà soát đội ngũ nhà giáo",
        "chidao-1-deadline": deadline,
        "chidao-1-priority": "normal",
        "chidao-2-priority": "normal",
    }
    response = client.post(conclude, form)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    assert meeting.minutes == "Nhà trường báo cáo năm nhiệm vụ trọng tâm."
    assert Task.all_objects.filter(meeting=meeting, owner=college_a).count() == 2
    detail = client.get(reverse("reporting:meeting_detail", args=[meeting.pk])).content.decode()
    assert f"Số: {meeting.conclusion_document.symbol}" in detail
    # closed: no more edits, no tasks outside the notice, no second notice
    assert client.get(edit).status_code == 302
    response = client.post(
        reverse("reporting:meeting_detail", args=[meeting.pk]),
        {"owner": college_a.pk, "title": "Giao sau khi đóng", "priority": "normal"},
    )
    assert response.status_code == 302
    assert not Task.all_objects.filter(title="Giao sau khi đóng").exists()
    assert client.post(conclude, form).status_code == 302
    assert (
        Document.all_objects.filter(
            doc_type=DocumentType.THONG_BAO,
            subject__contains="Làm việc với Trường CĐ",
            direction="out",  # issued once; recipients hold incoming copies
        ).count()
        == 1
    )
    pdf = client.get(reverse("reporting:meeting_notice", args=[meeting.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_direction_with_errors_keeps_the_rows(login, meeting, college_b):  # type: ignore[no-untyped-def]
    client = login("committee_leader")
    response = client.post(
        reverse("reporting:meeting_conclude", args=[meeting.pk]),
        {
            "conclusions": "Kết luận giữ lại",
            "issued_on": timezone.localdate().isoformat(),
            "chidao-TOTAL_FORMS": "1",
            "chidao-INITIAL_FORMS": "0",
            "chidao-0-owner": college_b.pk,  # not offered: outside the convener
            "chidao-0-title": "Nhiệm vụ ngoài phạm vi",
            "chidao-0-priority": "normal",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kết luận giữ lại" in html and 'value="Nhiệm vụ ngoài phạm vi"' in html
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN


def test_tasks_reach_the_owner_home_page(login, leader, meeting, college_a, sibling_rector, client):  # type: ignore[no-untyped-def]
    _conclude(leader, meeting, [college_a])
    home = login("rector").get(reverse("web:home")).content.decode()
    assert 'data-testid="panel-assigned-tasks"' in home
    assert "Nhiệm vụ được giao" in home and "Nhiệm vụ 1" in home
    client.force_login(sibling_rector)
    assert "Nhiệm vụ 1" not in client.get(reverse("web:home")).content.decode()


# --- Who sees what ----------------------------------------------------------------------------


def _meeting_urls(meeting, committee):  # type: ignore[no-untyped-def]
    return [
        reverse("reporting:meeting_detail", args=[meeting.pk]),
        reverse("reporting:meeting_edit", args=[meeting.pk]),
        reverse("reporting:meeting_conclude", args=[meeting.pk]),
        reverse("reporting:meeting_notice", args=[meeting.pk]),
        reverse("reporting:meeting_create", args=[committee.pk]),
        reverse("reporting:meeting_direction_row", args=[meeting.pk]) + "?n=3",
    ]


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_meeting_pages(login, key, leader, meeting, committee, college_a):  # type: ignore[no-untyped-def]
    _conclude(leader, meeting, [college_a])
    client = login(key)
    for url in _meeting_urls(meeting, committee):
        assert client.get(url).status_code == 404, url
        if not url.endswith(".pdf") and "?" not in url:  # GET-only: the printout, the row
            assert client.post(url, {"title": "x", "conclusions": "x"}).status_code == 404, url
    assert meeting.title not in client.get(reverse("reporting:meeting_list")).content.decode()


def test_an_uninvited_college_of_the_province_gets_404(
    client, sibling_rector, leader, meeting, committee, college_a
):  # type: ignore[no-untyped-def]
    _conclude(leader, meeting, [college_a])
    client.force_login(sibling_rector)
    for url in _meeting_urls(meeting, committee):
        assert client.get(url).status_code == 404, url


def test_invitees_see_the_meeting_but_cannot_change_it(
    login, leader, meeting, committee, college_a
):  # type: ignore[no-untyped-def]
    detail = reverse("reporting:meeting_detail", args=[meeting.pk])
    rector = login("rector")  # invited as an organisation
    assert rector.get(detail).status_code == 200
    assert meeting.title in rector.get(reverse("reporting:meeting_list")).content.decode()
    for url in _meeting_urls(meeting, committee)[1:3]:
        assert rector.get(url).status_code == 404, url
        assert rector.post(url, {"conclusions": "x"}).status_code == 404, url
    assert rector.get(_meeting_urls(meeting, committee)[-1]).status_code == 404
    notice = _conclude(leader, meeting, [college_a])
    page = rector.get(detail).content.decode()
    assert notice.symbol in page and "Nhiệm vụ 1" in page
    assert rector.get(reverse("reporting:meeting_notice", args=[meeting.pk])).status_code == 200
    head = login("unit_head")  # invited in person (the faculty is not a guest organisation)
    assert head.get(detail).status_code == 200
    assert meeting.title in head.get(reverse("reporting:meeting_list")).content.decode()
    assert head.get(_meeting_urls(meeting, committee)[1]).status_code == 404


def test_htmx_adds_a_direction_row_and_counts_it(login, meeting):  # type: ignore[no-untyped-def]
    client = login("committee_leader")
    url = reverse("reporting:meeting_direction_row", args=[meeting.pk])
    html = client.get(url + "?n=3", HTTP_HX_REQUEST="true").content.decode()
    assert 'name="chidao-3-title"' in html
    assert re.search(r'name="chidao-TOTAL_FORMS" value="4"[^>]*hx-swap-oob', html)
    assert "?n=4" in html  # the button asks for the next row
    assert client.get(url + "?n=x").status_code == 404
    assert client.get(url + "?n=30").status_code == 404
