"""Difficulties go where they belong (issue 13, item 6): raised to any authority above the
institution, forwarded by the level handling it, answered with author, date and a document; the
raiser is notified; outsiders get 404."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opentvet.notifications.models import Notification
from opentvet.reporting import services
from opentvet.reporting.models import Difficulty, DifficultyResponse

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(actor_of, persona_user):  # type: ignore[no-untyped-def]
    return lambda key: actor_of(persona_user(key))


@pytest.fixture
def raised(college_a, org, actor):  # type: ignore[no-untyped-def]
    return services.difficulty_raise(
        actor=actor("rector"),
        organisation=college_a,
        category="training",
        title="Thiếu giáo viên ngành điều dưỡng",
        routed_to=org("SGDDT-96"),
    )


@pytest.mark.parametrize("code", ["SGDDT-96", "UBND-96", "CUC-GDNN"])
def test_raise_to_any_authority_above(college_a, org, actor, code):
    difficulty = services.difficulty_raise(
        actor=actor("rector"),
        organisation=college_a,
        category="training",
        title="Vướng mắc",
        routed_to=org(code),
    )
    assert difficulty.routed_to == org(code)


@pytest.mark.parametrize("code", ["SGDDT-01", "UBND-01", "CD96002", "CD96001"])
def test_raise_elsewhere_is_refused(college_a, org, actor, code):
    with pytest.raises(ValidationError):
        services.difficulty_raise(
            actor=actor("rector"),
            organisation=college_a,
            category="training",
            title="Vướng mắc",
            routed_to=org(code),
        )


def test_without_a_choice_the_category_decides(college_a, actor):
    difficulty = services.difficulty_raise(
        actor=actor("rector"), organisation=college_a, category="policy", title="Cơ chế tự chủ"
    )
    assert difficulty.routed_to.kind == "national_authority"


def test_forward_keeps_who_and_when_and_tells_the_new_level(raised, org, actor, persona_user):
    response = services.difficulty_route(
        actor=actor("provincial_officer"),
        difficulty=raised,
        to=org("UBND-96"),
        note="Vượt thẩm quyền của Sở",
    )
    raised.refresh_from_db()
    assert raised.routed_to == org("UBND-96")
    assert response.kind == DifficultyResponse.Kind.FORWARDED
    assert response.organisation == org("SGDDT-96") and response.forwarded_to == org("UBND-96")
    assert response.by == persona_user("provincial_officer")
    assert response.by_name == "Đoàn Thị Mỹ Linh" and response.at is not None
    assert Notification.objects.filter(
        recipient=persona_user("committee_leader"), kind="difficulty_in", object_id=str(raised.pk)
    ).exists()
    # The Sở no longer handles it.
    with pytest.raises(PermissionError):
        services.difficulty_answer(actor=actor("provincial_officer"), difficulty=raised, answer="x")


def test_forward_only_to_another_authority_above(raised, org, actor):
    for code in ["SGDDT-96", "SGDDT-01", "CD96001"]:
        with pytest.raises(ValidationError):
            services.difficulty_route(
                actor=actor("provincial_officer"), difficulty=raised, to=org(code)
            )
    with pytest.raises(PermissionError):
        services.difficulty_route(
            actor=actor("other_provincial_officer"), difficulty=raised, to=org("UBND-96")
        )


def test_answer_with_author_date_and_document(raised, org, actor, persona_user):
    document = services.document_issue(
        actor=actor("provincial_officer"),
        organisation=org("SGDDT-96"),
        doc_type="CV",
        subject="V/v bố trí giáo viên điều dưỡng",
    )
    response = services.difficulty_answer(
        actor=actor("provincial_officer"),
        difficulty=raised,
        answer="Sở điều động 2 giáo viên.",
        document=document,
    )
    raised.refresh_from_db()
    assert raised.status == Difficulty.Status.ANSWERED
    assert raised.answered_by == persona_user("provincial_officer")
    assert response.kind == "answered" and response.document == document
    assert response.by_name == "Đoàn Thị Mỹ Linh"
    told = set(
        Notification.objects.filter(kind="difficulty_answer", object_id=str(raised.pk)).values_list(
            "recipient_id", flat=True
        )
    )
    assert persona_user("rector").pk in told
    assert persona_user("provincial_officer").pk not in told


def test_the_page_raises_to_the_chosen_authority(login, college_a, org):
    client = login("rector")
    url = reverse("reporting:difficulty_create", args=[college_a.pk])
    form = client.get(url).content.decode()
    assert "UBND" in form or "Ủy ban" in form or "ỦY BAN" in form.upper()
    response = client.post(
        url,
        {"category": "finance", "title": "Kinh phí xưởng", "routed_to": org("UBND-96").pk},
    )
    assert response.status_code == 302
    difficulty = Difficulty.all_objects.get(title="Kinh phí xưởng")
    assert difficulty.routed_to == org("UBND-96")
    refused = client.post(
        url, {"category": "finance", "title": "Khác", "routed_to": org("UBND-01").pk}
    )
    assert refused.status_code == 400


def test_the_page_forwards_and_answers_and_shows_the_history(login, raised, org):
    url = reverse("reporting:difficulty_detail", args=[raised.pk])
    officer = login("provincial_officer")
    assert (
        officer.post(
            url, {"action": "route", "to": org("UBND-96").pk, "note": "Chuyển UBND"}
        ).status_code
        == 302
    )
    leader = login("committee_leader")
    assert leader.post(url, {"action": "answer", "answer": "UBND tỉnh đồng ý."}).status_code == 302
    page = login("rector").get(url).content.decode()
    assert "UBND tỉnh đồng ý." in page and "Chuyển UBND" in page
    assert "Lâm Quốc Bảo" in page and "Đoàn Thị Mỹ Linh" in page  # authors
    assert page.count('data-testid="difficulty-response"') == 2


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404(login, raised, org, key):
    client = login(key)
    url = reverse("reporting:difficulty_detail", args=[raised.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "answer", "answer": "x"}).status_code == 404
    assert client.post(url, {"action": "route", "to": org("UBND-96").pk}).status_code == 404
    raised.refresh_from_db()
    assert raised.status == "open" and not raised.responses.exists()


def test_a_lower_level_cannot_answer_once_forwarded_above(login, raised, org, actor):
    services.difficulty_route(
        actor=actor("provincial_officer"), difficulty=raised, to=org("UBND-96")
    )
    url = reverse("reporting:difficulty_detail", args=[raised.pk])
    client = login("provincial_officer")
    assert client.get(url).status_code == 200  # the Sở still sees it
    assert client.post(url, {"action": "answer", "answer": "x"}).status_code == 404
    raised.refresh_from_db()
    assert raised.status == "open"


def test_home_pages_show_what_is_waiting(login, raised, college_a, org, actor):
    services.difficulty_answer(
        actor=actor("provincial_officer"), difficulty=raised, answer="Đã xử lý"
    )
    services.task_assign(
        actor=actor("committee_leader"),
        assigned_by=org("UBND-96"),
        owner=college_a,
        title="Rà soát chỉ tiêu tuyển sinh",
    )
    home = login("rector").get(reverse("web:home")).content.decode()
    assert 'data-testid="panel-answers"' in home and "Thiếu giáo viên ngành điều dưỡng" in home
    assert 'data-testid="panel-assigned-tasks"' in home and "Rà soát chỉ tiêu tuyển sinh" in home
    other = login("other_rector").get(reverse("web:home")).content.decode()
    assert "Thiếu giáo viên ngành điều dưỡng" not in other
    assert "Rà soát chỉ tiêu tuyển sinh" not in other
