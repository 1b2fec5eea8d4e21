"""Student search by name without diacritics: typed words are whole words of the name, in any
order; a half-typed word falls back to matching inside names, and the page says so."""

from __future__ import annotations

import pytest
from django.db import connection

from opentvet.core.text import fold
from opentvet.learners import selectors
from opentvet.learners.models import Student

pytestmark = pytest.mark.django_db


def _search(actor, q: str, *, whole_words: bool = True) -> list[Student]:  # type: ignore[no-untyped-def]
    filters = selectors.StudentFilters(q=q, whole_words=whole_words)
    return list(selectors.student_list(actor=actor, filters=filters))


@pytest.fixture
def someone(college_a) -> Student:  # type: ignore[no-untyped-def]
    return Student.all_objects.filter(institution=college_a).order_by("pk").first()


def test_words_in_any_order_and_without_diacritics(actor_of, persona_user, someone):
    actor = actor_of(persona_user("training_officer"))
    words = fold(someone.full_name).split()
    found = _search(actor, " ".join(reversed(words)).upper())
    assert someone in found
    assert all(set(words) <= set(s.search_name.split()) for s in found)


def test_a_word_matches_a_whole_word_only(actor_of, persona_user, college_a):
    actor = actor_of(persona_user("training_officer"))
    an = Student.all_objects.create(
        institution=college_a,
        code="TST-AN",
        full_name="Trần Văn An",
        date_of_birth="2005-01-02",
        citizen_id="096205000101",
    )
    anh = Student.all_objects.create(
        institution=college_a,
        code="TST-ANH",
        full_name="Trần Văn Anh",
        date_of_birth="2005-01-02",
        citizen_id="096205000102",
    )
    assert an in _search(actor, "tran van an") and anh not in _search(actor, "tran van an")
    # Inside names (the fallback) "an" is found in both.
    inside = _search(actor, "tran van an", whole_words=False)
    assert an in inside and anh in inside


def test_a_half_typed_word_falls_back_to_inside_names(login, someone):
    words = fold(someone.full_name).split()
    half = " ".join([*words[:-1], words[-1][:-1]])
    body = login("training_officer").get("/nguoi-hoc/", {"q": half}).content.decode()
    assert someone.full_name in body
    assert 'data-testid="approximate"' in body
    whole = login("training_officer").get("/nguoi-hoc/", {"q": " ".join(words)}).content.decode()
    assert someone.full_name in whole and 'data-testid="approximate"' not in whole


def test_an_outsider_finds_nobody_of_another_school(actor_of, persona_user, someone):
    actor = actor_of(persona_user("other_provincial_officer"))
    assert someone not in _search(actor, someone.full_name)
    assert someone not in _search(actor, someone.full_name, whole_words=False)


def test_the_page_rows_are_read_within_the_reach(actor_of, persona_user, someone, client, login):
    inside = actor_of(persona_user("training_officer"))
    row = selectors.student_rows(actor=inside).get(pk=someone.pk)
    assert (row.full_name, row.code) == (someone.full_name, someone.code)
    outsider = actor_of(persona_user("other_rector"))
    assert not selectors.student_rows(actor=outsider).filter(pk=someone.pk).exists()
    login("other_rector")
    html = client.get("/nguoi-hoc/", {"q": fold(someone.full_name)}).content.decode()
    assert someone.code not in html


def test_word_pairs_are_each_unordered_pair_once():
    assert selectors.word_pairs(["tran", "thi", "my", "phuong", "thi"]) == [
        "my phuong",
        "my thi",
        "my tran",
        "phuong thi",
        "phuong tran",
        "thi tran",
    ]
    assert selectors.word_pairs(["an"]) == []


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_the_pairs_index_finds_what_the_words_index_finds(actor_of, persona_user, college_a):
    """Two or more words go through the word-pairs index (migration 0007); the function the
    index is built on gives the pairs Python builds, and the results are the words' results."""
    from django.db.models import Value

    for name in ["h'hen nie", "nguyen  thi  an", "tran thi my phuong", "an an binh"]:
        row = Student.all_objects.annotate(p=selectors.NamePairs(Value(name))).values("p")[:1]
        assert sorted(row[0]["p"]) == selectors.word_pairs(name.split())
    actor = actor_of(persona_user("national_analyst"))
    names = Student.all_objects.filter(institution=college_a).values_list("search_name", flat=True)
    for name in list(names[:12]):
        words = name.split()
        for typed in (words, words[-2:], [words[-1], words[0]]):
            by_pairs = {s.pk for s in _search(actor, " ".join(typed))}
            by_words = {
                s.pk
                for s in selectors.student_list(actor=actor)
                .alias(w=selectors.NameWords("search_name"))
                .filter(w__contains=typed)
            }
            assert by_pairs == by_words and by_pairs
    sql = str(
        selectors.student_list(actor=actor, filters=selectors.StudentFilters(q="tran my")).query
    )
    assert "opentvet_word_pairs" in sql
