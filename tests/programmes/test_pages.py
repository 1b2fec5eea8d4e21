"""Programme pages: outsiders get 404 everywhere, insiders work, forms keep input, exports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from opentvet.programmes.models import Programme, ProgrammeModule, ProgrammeVersion
from opentvet.programmes.selectors import version_current

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def ids(college_a, it_programme, make_draft):
    """URL arguments for every scoped page of college A."""
    current = version_current(programme=it_programme)
    draft = make_draft(code="T-PAGES")
    module = ProgrammeModule.all_objects.filter(version=draft).first()
    return {
        "org": college_a.pk,
        "programme": it_programme.pk,
        "version": current.pk,
        "old": current.based_on_id,
        "draft": draft.pk,
        "module": module.pk,
    }


GET_PAGES = [
    ("programmes:list", ["org"]),
    ("programmes:list_export", ["org"]),
    ("programmes:create", ["org"]),
    ("programmes:registration", ["org"]),
    ("programmes:registration_export", ["org"]),
    ("programmes:detail", ["programme"]),
    ("programmes:edit", ["programme"]),
    ("programmes:version", ["version"]),
    ("programmes:version_export", ["version"]),
    ("programmes:version_edit", ["draft"]),
    ("programmes:module_edit", ["draft", "module"]),
    ("programmes:diff", ["old", "version"]),
]
POST_ACTIONS = [
    ("programmes:create", ["org"]),
    ("programmes:registration", ["org"]),
    ("programmes:edit", ["programme"]),
    ("programmes:version_edit", ["draft"]),
    ("programmes:module_add", ["draft"]),
    ("programmes:module_edit", ["draft", "module"]),
    ("programmes:module_remove", ["draft", "module"]),
    ("programmes:version_submit", ["draft"]),
    ("programmes:version_review", ["draft"]),
    ("programmes:consultation_add", ["draft"]),
    ("programmes:version_approve", ["draft"]),
    ("programmes:version_publish", ["draft"]),
    ("programmes:version_copy", ["version"]),
]


def _url(ids, name, keys):
    return reverse(name, args=[ids[k] for k in keys])


@pytest.mark.parametrize(("name", "keys"), GET_PAGES)
@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_every_page(login, ids, name, keys, key):
    assert login(key).get(_url(ids, name, keys)).status_code == 404


@pytest.mark.parametrize(("name", "keys"), POST_ACTIONS)
@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_every_action(login, ids, name, keys, key):
    before = ProgrammeVersion.all_objects.count(), ProgrammeModule.all_objects.count()
    response = login(key).post(_url(ids, name, keys), {"code": "X", "name": "X", "credits": 1})
    assert response.status_code == 404
    assert (ProgrammeVersion.all_objects.count(), ProgrammeModule.all_objects.count()) == before


@pytest.mark.parametrize(("name", "keys"), GET_PAGES)
def test_the_training_officer_opens_every_page(login, ids, name, keys):
    response = login("training_officer").get(_url(ids, name, keys))
    assert response.status_code == 200


@pytest.mark.parametrize("key", ["rector", "provincial_officer", "national_analyst", "teacher"])
def test_insiders_see_the_programme(login, ids, it_programme, key):
    response = login(key).get(reverse("programmes:detail", args=[ids["programme"]]))
    assert response.status_code == 200
    assert it_programme.name in response.content.decode()


@pytest.mark.parametrize("key", ["teacher", "provincial_officer", "unit_head"])
def test_read_only_roles_cannot_change(login, ids, key):
    client = login(key)
    assert client.get(reverse("programmes:create", args=[ids["org"]])).status_code == 404
    assert client.get(reverse("programmes:version_edit", args=[ids["draft"]])).status_code == 404
    response = client.post(reverse("programmes:version_submit", args=[ids["draft"]]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/chuong-trinh/abc/",
        "/chuong-trinh/0/sua/",
        "/chuong-trinh/phien-ban/99999999999999999999/",
        "/chuong-trinh/phien-ban/-1/so-sanh/2/",
        "/chuong-trinh/co-so/x/dang-ky/",
    ],
)
def test_malformed_ids_are_404(login, url):
    assert login("training_officer").get(url).status_code == 404


def test_a_unit_is_not_an_institution(login, org):
    url = reverse("programmes:list", args=[org("CD96001-PDT").pk])
    assert login("training_officer").get(url).status_code == 404


def test_home_sends_staff_to_their_school_and_authorities_to_the_register(login, college_a):
    response = login("training_officer").get(reverse("programmes:home"))
    assert response["Location"] == reverse("programmes:list", args=[college_a.pk])
    response = login("provincial_officer").get(reverse("programmes:home"))
    assert response["Location"] == reverse("programmes:register")


def test_list_search_ignores_diacritics_and_filters(login, college_a):
    client = login("training_officer")
    url = reverse("programmes:list", args=[college_a.pk])
    body = client.get(url, {"q": "cong nghe THONG tin"}).content.decode()
    assert "CD-CNTT" in body and "CD-KT" not in body
    body = client.get(url, {"training_level": "trung_cap"}).content.decode()
    assert "TC-DCN" in body and "CD-CNTT" not in body
    partial = client.get(url, {"q": "ke toan"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert "CD-KT" in partial.content.decode()


def test_create_form_keeps_input_and_shows_vietnamese_errors(login, college_a):
    client = login("training_officer")
    response = client.post(
        reverse("programmes:create", args=[college_a.pk]),
        {"occupation": "5520227", "training_level": "cao_dang", "code": "CD-CNTT", "name": "Thử"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Mã chương trình đã được dùng" in body
    assert "thuộc trình độ" in body
    assert 'value="Thử"' in body


def test_create_then_edit_modules_inline(login, college_a):
    client = login("training_officer")
    response = client.post(
        reverse("programmes:create", args=[college_a.pk]),
        {"occupation": "6480216", "training_level": "cao_dang", "code": "CD-ANM"},
    )
    assert response.status_code == 302
    programme = Programme.all_objects.get(institution=college_a, code="CD-ANM")
    assert programme.name == "An ninh mạng"
    version = ProgrammeVersion.all_objects.get(programme=programme)
    add = reverse("programmes:module_add", args=[version.pk])
    data = {"code": "MĐ01", "name": "Mật mã học", "unit_type": "module", "kind": "core",
            "credits": 3, "theory_hours": 30, "practice_hours": 30, "exam_hours": 0,
            "order": 1, "is_required": "on"}  # fmt: skip
    response = client.post(add, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Mật mã học" in response.content.decode()
    duplicate = client.post(add, data, HTTP_HX_REQUEST="true")
    assert duplicate.status_code == 400
    assert "Mã mô-đun/môn học đã có" in duplicate.content.decode()
    version.refresh_from_db()
    assert version.total_credits == 3
    # Submitting too early shows the rule, in Vietnamese, on the page.
    response = client.post(reverse("programmes:version_submit", args=[version.pk]))
    assert response.status_code == 400
    assert "tối thiểu 60 tín chỉ" in response.content.decode()


def test_the_rector_sees_the_approve_form_and_the_officer_does_not(login, make_draft, officer):
    from opentvet.programmes.services import version_review, version_submit_for_review

    version = make_draft(code="T-APR")
    version_submit_for_review(actor=officer, version=version)
    version_review(actor=officer, version=version, accept=True)
    url = reverse("programmes:version", args=[version.pk])
    assert 'data-testid="approve-form"' in login("rector").get(url).content.decode()
    assert 'data-testid="approve-form"' not in login("training_officer").get(url).content.decode()
    response = login("training_officer").post(
        reverse("programmes:version_approve", args=[version.pk]),
        {"decision_number": "1/QĐ", "decision_date": "2026-01-01", "decision_signer": "A"},
    )
    assert response.status_code == 404


def test_diff_page_lists_module_changes(login, ids):
    body = login("rector").get(_url(ids, "programmes:diff", ["old", "version"])).content.decode()
    assert "Phát triển ứng dụng với AI tạo sinh" in body
    assert "Thêm mới" in body and "Bỏ" in body
    assert "Lập trình Python" in body


def test_diff_of_two_programmes_is_404(login, ids, college_a):
    other = version_current(
        programme=Programme.all_objects.get(institution=college_a, code="CD-KT")
    )
    url = reverse("programmes:diff", args=[ids["version"], other.pk])
    assert login("rector").get(url).status_code == 404


def test_exports_are_xlsx(login, ids):
    client = login("training_officer")
    for name, keys in [
        ("programmes:list_export", ["org"]),
        ("programmes:version_export", ["version"]),
        ("programmes:registration_export", ["org"]),
    ]:
        response = client.get(_url(ids, name, keys))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert response.content[:2] == b"PK"
    response = login("national_analyst").get(reverse("programmes:register_export"))
    assert response.content[:2] == b"PK"


def test_registration_page_warns_and_records(login, college_a):
    client = login("training_officer")
    url = reverse("programmes:registration", args=[college_a.pk])
    body = client.get(url).content.decode()
    assert "CD-TMDT" in body and "Chưa đăng ký hoạt động GDNN" in body
    bad = client.post(url, {"certificate_number": "1", "issued_on": "2026-01-05",
                            "issued_by": "Sở", "lines": "648 12\n9999999 5"})  # fmt: skip
    assert bad.status_code == 400
    assert "Dòng 1" in bad.content.decode()
    ok = client.post(url, {"certificate_number": "5/2026", "issued_on": "2026-01-05",
                           "issued_by": "Sở GD&ĐT Cà Mau", "lines": "6340122 40"})  # fmt: skip
    assert ok.status_code == 302
    assert "Chưa đăng ký hoạt động GDNN" not in client.get(url).content.decode()


def test_register_shows_what_each_authority_reaches(login):
    body = login("provincial_officer").get(reverse("programmes:register")).content.decode()
    assert "Bạc Liêu" in body and "Cao Thắng" not in body
    body = login("national_analyst").get(reverse("programmes:register")).content.decode()
    assert "Cao Thắng" in body and "Bạc Liêu" in body
    body = login("other_provincial_officer").get(reverse("programmes:register")).content.decode()
    assert "Bạc Liêu" not in body
    filtered = login("national_analyst").get(
        reverse("programmes:register"), {"international": "yes"}
    )
    text = filtered.content.decode()
    assert "CD-OTO-DE" in text and "CD-CNTT" not in text


def test_nav_has_the_menu_entry(login):
    body = login("training_officer").get("/").content.decode()
    assert reverse("programmes:home") in body
