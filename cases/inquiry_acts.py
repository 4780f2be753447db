"""The acts of 过问案件记录 (三个规定): recording an inquiry, the monthly return (a record, or 零报告), and reads.

Records are confidential: messages name a record by its number only, and go to the office, never to anyone the
record is about.
"""

from supervision.notices import Notice
from supervision.transitions import Transition

TRANSITIONS: dict[str, Transition] = {}

# The office (the procuratorate's inspectors and directors) is told a record exists, by its number alone;
# never the person who asked, nor anyone the record names.
NOTICES: dict[str, Notice] = {
    "record_inquiry": Notice(("office",), "收到{item}"),
}

AUDIT_LABELS: dict[str, str] = {
    "record_inquiry": "记录过问案件",
    "read_inquiry": "查阅过问案件记录",
    "confirm_nil_return": "过问案件零报告",
    "open_inquiry_returns": "生成过问案件月报",
}
