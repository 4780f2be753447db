"""The 回头看 draw itself, pure: a population of cases, a share and a seed in; the sampled case ids out.

Why sha256 and not ``random.Random(seed).sample``: the random module's notes on reproducibility promise only that
``random()`` repeats its sequence for a seed across Python versions; its other algorithms (``sample``,
``shuffle``, ``randrange``) "are subject to change", and a draw must re-run the same in ten years on whatever
Python then runs. Ranking each case by
``sha256(f"{seed}:{case_id}")`` and taking the first ones is stable forever, needs no library to check (an
auditor can recompute a case's rank with any sha256 tool), and a case's rank does not depend on which other
cases are in the population.

How many (the rule tests pin exactly): ceil(share% × N) of a population of N, so the sample is never below the
share and a non-empty population always gives at least one case. Stratified by department: the same ceil rule
in every department's stratum on its own (30% of 10, 7 and 3 cases → 3, 3 and 1), so each department's share
is at least the share asked for; the sample is the union, which may therefore exceed ceil(share% × N).
Cases with no department form a stratum of their own.
"""

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

HUNDRED = Decimal(100)


def sample_size(share: Decimal, count: int) -> int:
    """ceil(share% × count), computed in decimals so 30% of 10 is exactly 3, never 3.0000000000000004 → 4."""
    if count <= 0:
        return 0
    return min(count, math.ceil(Decimal(share) * count / HUNDRED))


def rank(seed: int, case_id: int) -> str:
    """A case's place in the draw of ``seed``: the lower, the earlier it is drawn."""
    return hashlib.sha256(f"{seed}:{case_id}".encode("ascii")).hexdigest()


def _first(seed: int, case_ids: list[int], count: int) -> list[int]:
    return sorted(case_ids, key=lambda case_id: (rank(seed, case_id), case_id))[:count]


def draw(
    population: Iterable[tuple[int, int | None]], *, share: Decimal, seed: int, stratified: bool = False
) -> list[int]:
    """The sampled case ids, sorted, of ``population`` as (case_id, department_id) pairs."""
    pairs = sorted(set(population))
    if not stratified:
        ids = [case_id for case_id, _ in pairs]
        return sorted(_first(seed, ids, sample_size(share, len(ids))))
    strata: dict[int | None, list[int]] = defaultdict(list)
    for case_id, department_id in pairs:
        strata[department_id].append(case_id)
    sample: list[int] = []
    for ids in strata.values():
        sample.extend(_first(seed, ids, sample_size(share, len(ids))))
    return sorted(sample)


def stratum_sizes(population: Iterable[tuple[int, int | None]], share: Decimal) -> dict[int | None, int]:
    """How many cases each department's stratum gives (the page's 应抽 column)."""
    counts: dict[int | None, int] = defaultdict(int)
    for _, department_id in set(population):
        counts[department_id] += 1
    return {department_id: sample_size(share, n) for department_id, n in counts.items()}
