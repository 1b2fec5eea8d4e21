"""Web pages: tenancy (outsiders get 404), forms, audit history, search, language."""

from __future__ import annotations

import pytest
from django.urls import reverse

from opentvet.core.models import AuditEntry, Organisation
from opentvet.demo.personas import DEMO_PASSWORD, persona

from support import INSIDERS_OF_COLLEGE_A, OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db

SCOPED_PAGES = ["web:organisation_detail", "web:organisation_history", "web:organisation_edit"]


@pytest.mark.parametrize("name", SCOPED_PAGES)
@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_every_scoped_page(login, college_a, name, key):
    client = login(key)
    assert client.get(reverse(name, args=[college_a.pk])).status_code == 404


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_cannot_post_edits_or_exports(login, college_a, key):
    client = login(key)
    before = Organisation.objects.get(pk=college_a.pk).name
    edit = client.post(
        reverse("web:organisation_edit", args=[college_a.pk]), {"name": "Chiếm quyền"}
    )
    export = client.post(reverse("web:organisation_export", args=[college_a.pk]))
    assert edit.status_code == 404
    assert export.status_code == 404
    assert Organisation.objects.get(pk=college_a.pk).name == before


@pytest.mark.parametrize("key", INSIDERS_OF_COLLEGE_A)
def test_insiders_see_the_profile(login, college_a, key):
    response = login(key).get(reverse("web:organisation_detail", args=[college_a.pk]))
    assert response.status_code == 200
    assert college_a.name in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/to-chuc/abc/",
        "/to-chuc/0/",
        "/to-chuc/99999999999999999999/",
        "/to-chuc/-5/sua/",
        "/cong-viec/not-a-uuid/",
        "/cong-viec/123/tai-ve/",
    ],
)
def test_malformed_ids_in_urls_are_404_not_500(login, url):
    assert login("rector").get(url).status_code == 404


def test_anonymous_is_sent_to_login(client, college_a):
    response = client.get(reverse("web:organisation_detail", args=[college_a.pk]))
    assert response.status_code == 302
    assert reverse("web:login") in response["Location"]


@pytest.mark.parametrize("key", ["national_analyst", "committee_leader", "teacher"])
def test_read_only_roles_get_404_on_the_edit_page(login, college_a, org, key):
    target = org("CD96001-KCNTT") if key == "teacher" else college_a
    client = login(key)
    assert client.get(reverse("web:organisation_detail", args=[target.pk])).status_code == 200
    assert client.get(reverse("web:organisation_edit", args=[target.pk])).status_code == 404
    assert (
        client.post(reverse("web:organisation_edit", args=[target.pk]), {"name": "x"}).status_code
        == 404
    )


def _form_data(org: Organisation, **overrides):
    data = {
        "name": org.name,
        "short_name": org.short_name,
        "institution_type": org.institution_type,
        "ownership": org.ownership,
        "governing_body": org.governing_body_id or "",
        "autonomy_group": org.autonomy_group or "",
        "legal_status": org.legal_status,
        "leader_name": org.leader_name,
        "leader_title": org.leader_title,
        "province": org.province_id,
        "ward": org.ward_id or "",
        "street_address": org.street_address,
        "phone": org.phone,
        "email": org.email,
        "website": org.website,
    }
    data.update(overrides)
    return data


def test_edit_writes_and_leaves_an_audit_entry_that_the_history_shows(login, college_a):
    client = login("rector")
    response = client.post(
        reverse("web:organisation_edit", args=[college_a.pk]),
        _form_data(college_a, phone="02913822999", leader_name="Tô Minh Khoa"),
    )
    assert response.status_code == 302
    college_a.refresh_from_db()
    assert college_a.phone == "02913822999"
    entry = AuditEntry.objects.filter(
        object_type="core.organisation", object_id=str(college_a.pk), verb="organisation_update"
    ).latest("at")
    assert entry.actor.email == persona("rector").login
    assert entry.changes["phone"][1] == "02913822999"
    history = client.get(reverse("web:organisation_history", args=[college_a.pk]) + "?scope=self")
    assert "02913822999" in history.content.decode()
    assert "Tô Minh Khoa" in history.content.decode()


def test_bad_input_shows_vietnamese_errors_and_keeps_what_was_typed(login, college_a):
    client = login("rector")
    before_count = AuditEntry.objects.count()
    response = client.post(
        reverse("web:organisation_edit", args=[college_a.pk]),
        _form_data(
            college_a, name="", email="không-phải-email", street_address="Số 12 đường Trần Phú"
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Trường này là bắt buộc." in html
    assert "Địa chỉ thư điện tử không hợp lệ." in html
    assert "không-phải-email" in html  # what the user typed stays in the field
    assert "Số 12 đường Trần Phú" in html
    assert AuditEntry.objects.count() == before_count


def test_ward_must_belong_to_the_province(login, college_a):
    from opentvet.catalogue.models import Ward

    foreign_ward = Ward.objects.filter(province_id=1).first()
    response = login("rector").post(
        reverse("web:organisation_edit", args=[college_a.pk]),
        _form_data(college_a, ward=foreign_ward.pk),
    )
    assert response.status_code == 400
    assert "Xã/phường" in response.content.decode()


def test_search_ignores_diacritics_and_case(login):
    client = login("national_analyst")
    response = client.get(reverse("web:organisation_list"), {"q": "KINH TE - ky thuat bac lieu"})
    html = response.content.decode()
    assert "Trường Cao đẳng Kinh tế - Kỹ thuật Bạc Liêu" in html
    assert "Trường Cao đẳng Công nghệ và Thương mại Hà Nội" not in html


def test_list_is_limited_to_reach_and_filters_work(login):
    client = login("provincial_officer")
    html = client.get(reverse("web:organisation_list"), {"kind": "institution"}).content.decode()
    assert "Bạc Liêu" in html
    assert "Hà Nội" not in html.split("<tbody>")[1]
    htmx = client.get(
        reverse("web:organisation_list"),
        {"institution_type": "intermediate"},
        HTTP_HX_REQUEST="true",
    )
    body = htmx.content.decode()
    assert "<html" not in body  # the partial only
    assert "Năm Căn" in body
    assert "Cộng đồng Cà Mau" not in body


def test_list_sorting_and_pagination(login):
    client = login("national_analyst")
    first = client.get(reverse("web:organisation_list"), {"sort": "code"}).context["page"]
    codes = [o.code for o in first]
    assert codes == sorted(codes)
    assert first.paginator.num_pages >= 2
    second = client.get(reverse("web:organisation_list"), {"sort": "code", "page": 2}).context[
        "page"
    ]
    assert not {o.code for o in second} & set(codes)


def test_home_dashboard_differs_by_role(login):
    national = login("national_analyst").get("/").content.decode()
    assert 'data-testid="institution-count">10<' in national
    provincial = login("provincial_officer").get("/").content.decode()
    assert 'data-testid="institution-count">4<' in provincial
    applicant = login("applicant").get("/").content.decode()
    assert "institution-count" not in applicant


def test_language_switch_to_english(login):
    client = login("rector")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert "Overview" in response.content.decode()
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Tổng quan" in client.get("/").content.decode()


def test_login_with_email_or_phone(client):
    p = persona("applicant")
    response = client.post(
        reverse("web:login"), {"identifier": "+84 912 345 678", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    client.post(reverse("web:logout"))
    response = client.post(
        reverse("web:login"),
        {"identifier": persona("rector").login.upper(), "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert p.is_phone


def test_repeated_failed_logins_are_throttled(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    login_id = persona("rector").login
    for _ in range(3):
        response = client.post(reverse("web:login"), {"identifier": login_id, "password": "sai"})
        assert response.status_code == 400
        assert "Thông tin đăng nhập không đúng." in response.content.decode()
    # Even the right password is refused while the identifier is throttled.
    response = client.post(
        reverse("web:login"), {"identifier": login_id, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_form_keeps_identifier_and_says_why(client):
    response = client.post(reverse("web:login"), {"identifier": "ai.do@example.vn", "password": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "ai.do@example.vn" in html
    assert "Trường này là bắt buộc." in html


def test_admin_is_for_superusers_only(login):
    assert login("rector").get("/admin/").status_code == 302
    assert login("admin").get("/admin/").status_code == 200


def test_superuser_browses_the_admin_lists(login):
    client = login("admin")
    for name in ["organisation", "user", "membership", "auditentry", "job"]:
        assert client.get(f"/admin/core/{name}/").status_code == 200
    assert client.get("/admin/core/auditentry/add/").status_code == 403
