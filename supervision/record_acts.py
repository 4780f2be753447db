"""The office's other records and the cases app declare their acts per kind (``*_acts.py``); this gathers them
for the audit log's labels and for the check that every notifying act has its notice."""

from cases import case_acts, inquiry_acts, review_acts, sampling_acts

from . import (
    circular_acts,
    conduct_acts,
    evaluation_acts,
    inspection_acts,
    instruction_acts,
    interview_acts,
    meeting_acts,
    recommendation_acts,
    report_acts,
)

RECORD_ACT_MODULES = (
    recommendation_acts,
    meeting_acts,
    interview_acts,
    inspection_acts,
    conduct_acts,
    circular_acts,
    report_acts,
    instruction_acts,
    evaluation_acts,
    case_acts,
    review_acts,
    sampling_acts,
    inquiry_acts,
)


def record_audit_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for module in RECORD_ACT_MODULES:
        labels.update({verb: t.audit for verb, t in module.TRANSITIONS.items()})
        labels.update(module.AUDIT_LABELS)
    return labels
