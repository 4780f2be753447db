"""Who recomputes deadlines when the calendar of some years changes.

Apps whose items carry workday deadlines register a function in their ``AppConfig.ready``::

    from workcalendar import recompute

    recompute.register(recompute_matter_deadlines)  # called as fn({2027})

The function receives the set of affected years and must be safe to run twice: it recomputes from the
database (e.g. every open item whose counted span touches those years), it does not apply a delta.
"""

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

RecomputeFunction = Callable[[set[int]], object]

_registry: list[RecomputeFunction] = []


def register(fn: RecomputeFunction) -> RecomputeFunction:
    """Add ``fn`` (once, however often ``ready`` runs); returns it, so it also works as a decorator."""
    if fn not in _registry:
        _registry.append(fn)
    return fn


def unregister(fn: RecomputeFunction) -> None:
    if fn in _registry:
        _registry.remove(fn)


def registered() -> tuple[RecomputeFunction, ...]:
    return tuple(_registry)


def run(years: set[int]) -> None:
    """Call every registered function with the affected years; each one runs even if another fails."""
    failures = []
    for fn in registered():
        try:
            fn(set(years))
        except Exception as error:
            logger.exception("recomputing deadlines for %s failed in %s", sorted(years), fn)
            failures.append(error)
    if failures:
        # Fail the task so the failure is visible (and retried), after the others have done their part.
        raise failures[0]
