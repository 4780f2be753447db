"""Demo records of the office's other kinds, one module per kind, run by ``seed_demo`` after the matters."""

from cases import demos as case_demos

from . import circulars, conduct_cases, inspections, interviews, meetings, recommendations, reports

SEEDERS = (
    recommendations.seed,
    meetings.seed,
    interviews.seed,
    inspections.seed,
    conduct_cases.seed,
    circulars.seed,
    case_demos.seed,  # before the reports, so the demo's report counts the cases
    reports.seed,
)


def seed_office_records(*, procuratorate, users) -> None:
    for seed in SEEDERS:
        seed(procuratorate=procuratorate, users=users)
