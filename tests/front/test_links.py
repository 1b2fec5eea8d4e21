"""Issue 15, item 2: links nobody can open are not shown (the reported ones), checked with the
same permission test the view uses."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"#]+)"', html))


def _assert_every_local_link_opens(client, html: str, origin: str) -> None:  # type: ignore[no-untyped-def]
    for href in sorted(_hrefs(html)):
        if not href.startswith("/") or href.startswith(("/static/", "/i18n/", "/api/")):
            continue
        status = client.get(href).status_code
        assert status not in (404, 500), f"{href} on {origin} answers {status}"


def test_training_officer_sees_only_reporting_sections_they_can_open(login):
    client = login("training_officer")
    html = client.get(reverse("reporting:index")).content.decode()
    for name in ("document_list", "meeting_list", "task_board", "drafting_list"):
        url = reverse(f"reporting:{name}")
        if client.get(url).status_code == 404:
            assert f'href="{url}"' not in html, f"{name} is linked but answers 404"
    subnav = html[html.index('data-testid="reporting-subnav"') :].split("</nav>")[0]
    _assert_every_local_link_opens(client, subnav, "reporting sub-menu")


def test_provincial_officer_keeps_every_reporting_section(login):
    html = login("provincial_officer").get(reverse("reporting:index")).content.decode()
    for name in ("document_list", "meeting_list", "task_board", "drafting_list"):
        assert f'href="{reverse(f"reporting:{name}")}"' in html


def test_student_record_links_open(login):
    client = login("student")
    record = client.get(reverse("learners:my_record"), follow=True)
    assert record.status_code == 200
    html = record.content.decode()
    _assert_every_local_link_opens(client, html, "Kết quả của tôi")


@pytest.mark.parametrize("key", ["teacher", "unit_head"])
def test_teacher_school_name_is_a_link_only_when_it_opens(login, persona_user, key):
    from opentvet.core.access import Actor
    from opentvet.core.models import Organisation

    client = login(key)
    actor = Actor.for_user(persona_user(key))
    unit = Organisation.objects.get(pk=actor.grants[0].organisation_id)
    school = unit.institution()
    assert school is not None
    response = client.get(reverse("programmes:list", args=[school.pk]))
    if response.status_code == 404:
        pytest.skip(f"{key} does not read the school's programmes")
    _assert_every_local_link_opens(client, response.content.decode(), "programme list")


def test_superuser_menu_has_no_own_record_entries(login):
    html = login("admin").get("/").content.decode()
    nav = html[html.index('class="mainnav"') :].split("</nav>")[0]
    assert reverse("staff:me") not in nav
    assert reverse("learners:my_record") not in nav
    _assert_every_local_link_opens(login("admin"), nav, "superuser menu")


def test_superuser_opens_the_standardisation_details(login):
    assert login("admin").get(reverse("staff:standardisation")).status_code == 200


def test_own_record_entries_stay_for_their_holders(login):
    assert reverse("staff:me") in login("teacher").get("/").content.decode()
    assert reverse("learners:my_record") in login("student").get("/").content.decode()
