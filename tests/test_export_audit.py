"""Files that leave the system leave a trace: the ledger export and the two .docx documents, page and API alike."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audit.labels import action_label
from audit.models import AuditEntry
from supervision import selectors


def _api(org, username: str) -> APIClient:
    client = APIClient()
    client.force_login(org[username])
    return client


def test_inspector_exporting_the_filtered_ledger_is_audited_with_filter_and_row_count(
    client_for, org, department, initiated_matter, draft_matter
):
    # given two initiated matters of 第一检察部, one of 第二检察部 and a draft
    initiated_matter(title="甲事项")
    initiated_matter(title="乙事项")
    initiated_matter(title="丙事项", lead_department=department("第二检察部"))
    draft_matter(title="丁事项")
    first = department("第一检察部")

    # when the inspector exports the initiated matters of 第一检察部
    response = client_for("inspector").get(
        reverse("supervision:matter_export"), {"status": "initiated", "department": first.pk}
    )

    # then the ledger comes, and the audit log says who exported which filter and how many rows
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="export_matters")
    assert entry.actor == org["inspector"]
    assert entry.after == {"filters": {"status": "initiated", "department": first.pk}, "rows": 2}
    assert entry.object_repr == "督察事项台账"


def test_an_unfiltered_export_records_no_filters_and_every_visible_row(client_for, org, initiated_matter, issued_slip):
    # given a matter 第一检察部 has a slip for, and one it has nothing to do with
    issued_slip()
    initiated_matter(title="与第一检察部无关", lead_department=org["prosecutor2"].department)

    # when prosecutor1 exports the whole list
    client_for("prosecutor1").get(reverse("supervision:matter_export"))

    # then the entry counts the one row the prosecutor sees
    assert AuditEntry.objects.get(action="export_matters").after == {"filters": {}, "rows": 1}


@pytest.mark.parametrize(
    ("document", "url"),
    [
        ("立项决定书", lambda slip: reverse("supervision:matter_decision_docx", args=[slip.matter_id])),
        ("督办处理单", lambda slip: reverse("supervision:slip_document", args=[slip.pk])),
        ("立项决定书", lambda slip: f"/api/matters/{slip.matter_id}/decision.docx"),
        ("督办处理单", lambda slip: f"/api/slips/{slip.pk}/slip.docx"),
    ],
    ids=["decision page", "slip page", "decision API", "slip API"],
)
def test_downloading_a_docx_document_is_audited(org, issued_slip, document, url):
    # given a slip to 第一检察部
    slip = issued_slip()

    # when prosecutor1 downloads the document, from the page or the API
    response = _api(org, "prosecutor1").get(url(slip))

    # then the file comes and the audit log names the reader and the document
    assert response.status_code == 200 and response.content.startswith(b"PK")
    entry = AuditEntry.objects.get(action="download_document")
    assert entry.actor == org["prosecutor1"]
    assert entry.after == {"document": document}
    target = slip.matter if document == "立项决定书" else slip
    assert (entry.object_type, entry.object_id) == (target._meta.label_lower, str(target.pk))


def test_a_refused_download_leaves_no_entry(org, issued_slip):
    # given a slip to 第一检察部
    slip = issued_slip()

    # when prosecutor2 of another department asks for its documents
    client = _api(org, "prosecutor2")
    assert client.get(f"/api/slips/{slip.pk}/slip.docx").status_code == 404
    assert client.get(f"/api/matters/{slip.matter_id}/decision.docx").status_code == 404

    # then nothing was read, so nothing is recorded
    assert not AuditEntry.objects.filter(action="download_document").exists()


def test_downloads_do_not_crowd_the_matters_timeline(org, issued_slip):
    # given a slip whose documents were downloaded
    slip = issued_slip()
    client = _api(org, "inspector")
    client.get(f"/api/matters/{slip.matter_id}/decision.docx")
    client.get(f"/api/slips/{slip.pk}/slip.docx")

    # when the timeline is read, then it tells what was done, not who looked
    actions = [e.action for e in selectors.timeline(slip.matter, user=org["inspector"])]
    assert actions == ["create", "initiate", "issue_slip", "start"]


def test_the_reads_are_named_in_chinese_for_the_auditor():
    # given the two new acts, when the audit log names them, then they read in Chinese
    assert action_label("export_matters") == "导出台账"
    assert action_label("download_document") == "下载文书"
