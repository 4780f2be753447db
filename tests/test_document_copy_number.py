"""份号 asked for in a document's address: printed, and recorded with the download, on the page and in the API."""

import io

import pytest
from docx import Document

from audit.models import AuditEntry


def _first_line(content: bytes) -> str:
    return Document(io.BytesIO(content)).paragraphs[0].text


def test_inspector_downloads_copy_number_12_of_the_decision_and_the_audit_log_says_which_copy(
    client_for, initiated_matter
):
    matter = initiated_matter()
    # when the inspector downloads copy 12 from the matter's page
    response = client_for("inspector").get(f"/matters/{matter.pk}/decision.docx", {"copy": "12"})
    # then the document carries 份号 000012 and the audit entry names the copy
    assert response.status_code == 200
    assert _first_line(response.content) == "000012"
    entry = AuditEntry.objects.filter(action="download_document").latest("id")
    assert entry.after == {"document": "立项决定书", "copy": 12}


@pytest.mark.parametrize("asked", ["\x00", "0", "x" * 10_000, "1000000"])
def test_a_copy_number_that_is_not_one_prints_none_and_is_no_error(client_for, issued_slip, asked):
    slip = issued_slip()
    response = client_for("inspector").get(f"/slips/{slip.pk}/slip.docx", {"copy": asked})
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="download_document").latest("id").after == {"document": "督办处理单"}


def test_a_token_client_asks_for_a_copy_number_too(api_as, issued_slip):
    slip = issued_slip()
    response = api_as("inspector").get(f"/api/slips/{slip.pk}/slip.docx", {"copy": "3"})
    assert response.status_code == 200
    assert _first_line(b"".join(response.streaming_content) if response.streaming else response.content) == "000003"
