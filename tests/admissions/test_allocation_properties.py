"""Property tests of the allocation engine against a plain reference and the `matching` package."""

from __future__ import annotations

import itertools
import sys
import warnings
from collections import deque
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opentvet.admissions.allocation import AllocationCheckError, allocate, check_stable
from opentvet.admissions.allocation.deferred_acceptance import deferred_acceptance
from opentvet.admissions.allocation.prepare import prepare
from opentvet.admissions.allocation.result import Allocation, build_result


@dataclass(frozen=True)
class Case:
    """A small instance as plain Python data."""

    wishes: dict[int, list[int]]  # applicant id -> programmes, first wish first
    scores: dict[tuple[int, int], float]  # (applicant, programme) -> score
    quotas: list[int]
    submitted: dict[int, int] | None = None

    def priority(self, a: int, p: int) -> tuple:
        """The programme's order: higher score, earlier submission, smaller id."""
        return (-self.scores[a, p], self.submitted[a] if self.submitted else 0, a)

    def arrays(self) -> dict:
        rows = [(a, k + 1, p) for a in sorted(self.wishes) for k, p in enumerate(self.wishes[a])]
        out = {
            "applicant_ids": np.array([r[0] for r in rows], dtype=np.int64),
            "ranks": np.array([r[1] for r in rows], dtype=np.int64),
            "programmes": np.array([r[2] for r in rows], dtype=np.int64),
            "scores": np.array([self.scores[r[0], r[2]] for r in rows]),
            "quotas": np.array(self.quotas, dtype=np.int64),
        }
        if self.submitted is not None:
            out["submitted_at"] = np.array([self.submitted[r[0]] for r in rows])
        return out


def reference_allocate(case: Case) -> dict[int, int | None]:
    """Textbook applicant-proposing deferred acceptance with a queue of free applicants."""
    next_wish = dict.fromkeys(case.wishes, 0)
    held: dict[int, list[int]] = {p: [] for p in range(len(case.quotas))}
    free = deque(sorted(case.wishes))
    while free:
        a = free.popleft()
        if next_wish[a] == len(case.wishes[a]):
            continue
        p = case.wishes[a][next_wish[a]]
        next_wish[a] += 1
        held[p].append(a)
        held[p].sort(key=lambda x, p=p: case.priority(x, p))
        if len(held[p]) > case.quotas[p]:
            free.append(held[p].pop())
    match: dict[int, int | None] = dict.fromkeys(case.wishes)
    for p, applicants in held.items():
        for a in applicants:
            match[a] = p
    return match


def is_stable(case: Case, match: dict[int, int | None]) -> bool:
    """No applicant and programme would both rather be together (checked pair by pair)."""
    members: dict[int, list[int]] = {p: [] for p in range(len(case.quotas))}
    for a, p in match.items():
        if p is not None:
            members[p].append(a)
    if any(len(m) > q for m, q in zip(members.values(), case.quotas, strict=True)):
        return False
    for a, prefs in case.wishes.items():
        if match[a] is not None and match[a] not in prefs:
            return False
        better = prefs if match[a] is None else prefs[: prefs.index(match[a])]
        for p in better:
            if len(members[p]) < case.quotas[p]:
                return False
            if any(case.priority(a, p) < case.priority(b, p) for b in members[p]):
                return False
    return True


def as_dict(case: Case, result: Allocation) -> dict[int, int | None]:
    ids = result.applicant_ids.tolist()
    progs = result.programme.tolist()
    return {a: (p if p >= 0 else None) for a, p in zip(ids, progs, strict=True)}


@st.composite
def cases(draw, max_applicants=25, max_programmes=6, with_submission=None) -> Case:
    n_prog = draw(st.integers(1, max_programmes))
    n_app = draw(st.integers(1, max_applicants))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=n_app, max_size=n_app, unique=True))
    wishes = {}
    scores = {}
    for a in ids:
        k = draw(st.integers(1, min(4, n_prog)))
        prefs = draw(st.permutations(range(n_prog)))[:k]
        wishes[a] = list(prefs)
        for p in prefs:  # few distinct scores: frequent ties
            scores[a, p] = draw(st.sampled_from([5.0, 5.25, 5.5, 6.0, 7.75]))
    quotas = draw(st.lists(st.integers(0, 4), min_size=n_prog, max_size=n_prog))
    submitted = None
    if with_submission if with_submission is not None else draw(st.booleans()):
        submitted = {a: draw(st.integers(0, 3)) for a in ids}
    return Case(wishes, scores, quotas, submitted)


PROPERTY_SETTINGS = settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(cases())
def test_stable_within_quotas_and_equal_to_reference(case):
    result = allocate(**case.arrays())
    got = as_dict(case, result)
    assert is_stable(case, got)
    assert got == reference_allocate(case)
    filled = np.bincount(result.programme[result.programme >= 0], minlength=len(case.quotas))
    assert (filled == result.filled).all()
    assert (filled <= np.array(case.quotas)).all()


@settings(max_examples=120, deadline=None)
@given(cases(max_applicants=5, max_programmes=3))
def test_applicant_optimal_among_all_stable_assignments(case):
    """Enumerate every assignment of a tiny instance: each applicant does at least as well."""
    got = as_dict(case, allocate(**case.arrays()))
    applicants = sorted(case.wishes)

    def position(a, p):
        return len(case.wishes[a]) if p is None else case.wishes[a].index(p)

    choices = [[None, *case.wishes[a]] for a in applicants]
    for combo in itertools.product(*choices):
        other = dict(zip(applicants, combo, strict=True))
        if is_stable(case, other):
            assert all(position(a, got[a]) <= position(a, other[a]) for a in applicants)


@settings(max_examples=80, deadline=None)
@given(cases(max_applicants=40), st.sampled_from([0, 1, 5, 10**9]))
def test_vectorised_rounds_and_sequential_tail_agree(case, tail):
    """Whatever point the engine switches to one-at-a-time proposals, the result is the same."""
    prep = prepare(**case.arrays())
    assigned = deferred_acceptance(prep, tail_proposers=tail)
    result = build_result(prep, assigned)
    check_stable(result)
    assert as_dict(case, result) == reference_allocate(case)


@settings(max_examples=60, deadline=None)
@given(cases(max_applicants=30, with_submission=False))
def test_equal_to_matching_hospital_resident(case):
    from matching.games import HospitalResident

    open_quota = {p: q for p, q in enumerate(case.quotas) if q > 0}
    resident_prefs = {}
    for a, prefs in case.wishes.items():
        usable = [p for p in prefs if p in open_quota]
        if usable:
            resident_prefs[a] = usable
    hospital_prefs = {
        p: sorted(
            (a for a, prefs in resident_prefs.items() if p in prefs),
            key=lambda a, p=p: case.priority(a, p),
        )
        for p in open_quota
    }
    hospital_prefs = {p: prefs for p, prefs in hospital_prefs.items() if prefs}
    expected: dict[int, int | None] = dict.fromkeys(case.wishes)
    if resident_prefs:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            game = HospitalResident.create_from_dictionaries(
                resident_prefs, hospital_prefs, {p: open_quota[p] for p in hospital_prefs}
            )
            solution = game.solve(optimal="resident")
        for hospital, residents in solution.items():
            for r in residents:
                expected[r.name] = hospital.name
    assert as_dict(case, allocate(**case.arrays())) == expected


def test_equal_to_matching_on_generated_instance():
    """A generated instance with Zipf popularity, through matching's algorithm directly.

    The public HospitalResident API deep-copies its players (RecursionError from about 10,000
    applicants), so the comparison builds the players and calls the solver function.
    """
    from matching.algorithms.hospital_resident import hospital_resident
    from matching.games.hospital_resident import _make_players

    sys.path.insert(0, "bench")
    try:
        from gen_allocation import generate
    finally:
        sys.path.remove("bench")
    inst = generate(applicants=2_000, wishes=5, programmes=60, seed=3)
    result = allocate(
        applicant_ids=inst.applicant_ids,
        ranks=inst.ranks,
        programmes=inst.programmes,
        scores=inst.scores,
        quotas=inst.quotas,
    )
    ids = inst.applicant_ids.tolist()
    progs = inst.programmes.tolist()
    scores = inst.scores.tolist()
    resident_prefs: dict[int, list[int]] = {}
    ranked: dict[int, list[tuple[float, int]]] = {p: [] for p in range(len(inst.quotas))}
    for a, p, s in zip(ids, progs, scores, strict=True):
        resident_prefs.setdefault(a, []).append(p)
        ranked[p].append((-s, a))
    hospital_prefs = {p: [a for _, a in sorted(v)] for p, v in ranked.items() if v}
    capacities = {p: int(inst.quotas[p]) for p in hospital_prefs}
    residents, hospitals = _make_players(resident_prefs, hospital_prefs, capacities)
    solution = hospital_resident(residents, hospitals, optimal="resident")
    expected = dict.fromkeys(resident_prefs, -1)
    for hospital, members in solution.items():
        for r in members:
            expected[r.name] = hospital.name
    got = dict(zip(result.applicant_ids.tolist(), result.programme.tolist(), strict=True))
    assert got == expected


def test_check_detects_a_blocking_pair():
    case = Case({1: [0], 2: [0]}, {(1, 0): 9.0, (2, 0): 5.0}, [1])
    result = allocate(**case.arrays())
    assert result.assigned_row.tolist() == [0, -1]
    swapped = np.array([-1, 1])  # give the seat to the weaker applicant instead
    with pytest.raises(AllocationCheckError, match="blocking pair"):
        check_stable(build_result(result.prepared, swapped))


def test_check_detects_a_free_seat_left_unused():
    case = Case({1: [0]}, {(1, 0): 5.0}, [1])
    result = allocate(**case.arrays())
    with pytest.raises(AllocationCheckError, match="blocking pair"):
        check_stable(build_result(result.prepared, np.array([-1])))
