import pytest

from opentvet.programmes.models import Programme, ProgrammeVersion

pytestmark = pytest.mark.django_db


def test_demo_has_programmes(college_a):
    assert Programme.all_objects.filter(institution=college_a).count() >= 4
    it = Programme.all_objects.get(institution=college_a, code="CD-CNTT")
    statuses = sorted(ProgrammeVersion.all_objects.filter(programme=it).values_list("status", flat=True))
    assert statuses == ["published", "retired"]


def test_pages_render(login, college_a):
    client = login("training_officer")
    r = client.get("/chuong-trinh/")
    assert r.status_code == 302, r
    r = client.get(r["Location"])
    assert r.status_code == 200
    assert "CD-CNTT" in r.content.decode()
