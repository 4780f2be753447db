"""The 回头看 draw as pure arithmetic: reproducible from its seed, the sizes exactly the documented ceil rule."""

import hashlib
from decimal import Decimal

import pytest

from cases import sampling

POPULATION = [(i, 1) for i in range(1, 11)] + [(i, 2) for i in range(11, 18)] + [(i, 3) for i in range(18, 21)]


def test_the_same_seed_draws_the_same_cases_every_time():
    first = sampling.draw(POPULATION, share=Decimal(30), seed=42)
    assert first == sampling.draw(list(reversed(POPULATION)), share=Decimal(30), seed=42)
    assert first == sorted(first)


def test_another_seed_draws_other_cases():
    draws = {tuple(sampling.draw(POPULATION, share=Decimal(30), seed=seed)) for seed in range(20)}
    assert len(draws) > 10


def test_a_case_is_ranked_by_the_sha256_of_seed_and_id_so_an_auditor_can_recompute_it():
    # given the documented rule: the lowest sha256("<seed>:<case id>") are drawn first
    ranked = sorted(range(1, 21), key=lambda i: hashlib.sha256(f"7:{i}".encode()).hexdigest())
    # then the draw of 30% of 20 is the first six of that ranking
    assert sampling.draw([(i, None) for i in range(1, 21)], share=Decimal(30), seed=7) == sorted(ranked[:6])


@pytest.mark.parametrize(
    ("share", "count", "size"),
    [("30", 20, 6), ("30", 10, 3), ("30", 7, 3), ("30", 3, 1), ("30", 1, 1), ("100", 5, 5), ("0.01", 9, 1)],
)
def test_the_sample_size_is_the_share_rounded_up(share, count, size):
    assert sampling.sample_size(Decimal(share), count) == size


def test_a_stratified_draw_takes_the_rounded_up_share_of_every_department():
    # given 10, 7 and 3 cases in three departments, 30%
    sample = sampling.draw(POPULATION, share=Decimal(30), seed=99, stratified=True)
    by_department = {d: sum(1 for case_id, dd in POPULATION if dd == d and case_id in sample) for d in (1, 2, 3)}
    # then 3 of 10, 3 of 7 (2.1 rounded up) and 1 of 3 (0.9 rounded up): 7 in all, more than 30% of 20 (6)
    assert by_department == {1: 3, 2: 3, 3: 1}
    assert sampling.stratum_sizes(POPULATION, Decimal(30)) == {1: 3, 2: 3, 3: 1}
    assert len(sampling.draw(POPULATION, share=Decimal(30), seed=99)) == 6


def test_a_case_drawn_keeps_its_place_when_other_departments_are_added():
    # the rank of a case depends only on the seed and the case: a stratum draws the same with or without others
    alone = sampling.draw([p for p in POPULATION if p[1] == 1], share=Decimal(30), seed=5, stratified=True)
    together = sampling.draw(POPULATION, share=Decimal(30), seed=5, stratified=True)
    assert set(alone) <= set(together)


def test_an_empty_population_draws_nothing():
    assert sampling.draw([], share=Decimal(30), seed=1) == []
