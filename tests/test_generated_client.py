"""A Python client generated from our schema, unpatched, runs the whole matter journey over real HTTP.

The schema is produced the way CI checks it (``manage.py spectacular --validate --fail-on-warn``), the client
by openapi-python-client's own command line (``--fail-on-warning``) into the test's folder, and then imported
as it is. Its only configuration says that a .docx, an .xlsx and an attachment of any type are bytes to the client,
which is how the generator spells "binary of a type it has no parser for". Nothing leaves the machine: the
generator reads a local file and the client talks to ``live_server``. About 10-20 s, mostly the generator.
"""

import importlib
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from workcalendar.workdays import add_workdays

PDF = b"%PDF-1.4\n% report\n"
GENERATOR_CONFIG = """\
post_hooks: []
package_name_override: procuracy_client
project_name_override: procuracy-client
content_type_overrides:
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": application/octet-stream
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": application/octet-stream
  "*/*": application/octet-stream
"""


@pytest.fixture
def generated_client(tmp_path, db):
    """The package ``procuracy_client``, generated from the schema into tmp_path and imported from there."""
    schema = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema))
    config = tmp_path / "generator.yaml"
    config.write_text(GENERATOR_CONFIG, encoding="utf-8")
    output = tmp_path / "client" / "procuracy_client"
    generator = Path(sys.executable).parent / "openapi-python-client"
    result = subprocess.run(
        [generator, "generate", "--path", schema, "--output-path", output, "--meta", "none"]
        + ["--config", config, "--fail-on-warning"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(output.parent))
    try:
        yield importlib.import_module("procuracy_client")
    finally:
        sys.path.remove(str(output.parent))
        for name in [name for name in sys.modules if name.split(".")[0] == "procuracy_client"]:
            del sys.modules[name]


def _api(package: str):
    return importlib.import_module(f"procuracy_client.{package}")


def _ok(response, status: int = 200):
    """The parsed body of an answer that must have this status (the detail says why not)."""
    assert response.status_code == status, (response.status_code, response.content.decode(errors="replace"))
    return response.parsed


def test_whole_matter_journey_through_a_generated_client(generated_client, live_server, org):
    client_module = generated_client
    models = _api("models")
    types = _api("types")
    auth = _api("api.auth.auth_token_create")
    # No proxy from the environment may stand between the client and the test server.
    httpx_args = {"trust_env": False}

    def sign_in(username: str):
        anonymous = client_module.Client(base_url=live_server.url, httpx_args=httpx_args)
        token = _ok(
            auth.sync_detailed(
                client=anonymous, body=models.TokenRequestRequest(username=username, password=DEMO_PASSWORD)
            )
        )
        return client_module.AuthenticatedClient(
            base_url=live_server.url,
            token=token.token,
            prefix="Token",
            raise_on_unexpected_status=True,
            httpx_args=httpx_args,
        )

    inspector, prosecutor1 = sign_in("inspector"), sign_in("prosecutor1")
    today = timezone.localdate()

    # given the inspector picks a category and the lead department from the lists the form offers
    categories = _ok(_api("api.categories.categories_list").sync_detailed(client=inspector))
    category = next(c for c in categories if c.name == "党组决策部署督察")
    departments = _ok(_api("api.departments.departments_list").sync_detailed(client=inspector))
    first = next(d for d in departments if d.name == "第一检察部")

    # when the inspector creates a draft and initiates it
    draft = _ok(
        _api("api.matters.matters_create").sync_detailed(
            client=inspector,
            body=models.MatterWriteRequest(
                title="落实院党组关于降低案件比的工作部署",
                category=category.id,
                source=models.SourceEnum.PARTY_GROUP_DECISION,
                requirements="各部门对照案件比指标逐项整改，按月报告进展。",
                lead_department=first.id,
                due_date=add_workdays(today, 20),
            ),
        ),
        201,
    )
    assert draft.status == models.MatterStatus.DRAFT and draft.case is None
    initiate = _api("api.matters.matters_initiate_create")
    initiated = _ok(initiate.sync_detailed(id=draft.id, client=inspector))
    assert initiated.status == models.MatterStatus.INITIATED
    assert initiated.document_number.startswith("示检督立〔")

    # and issues a slip to 第一检察部
    issue = _api("api.matters.matters_issue_slip_create")
    slip = _ok(
        issue.sync_detailed(
            id=draft.id,
            client=inspector,
            body=models.IssueSlipRequest(
                department=first.id,
                requirements="请于办理时限内书面报告整改措施和成效。",
                deadline=add_workdays(today, 10),
            ),
        ),
        201,
    )
    assert slip.status == models.SlipStatus.ISSUED and slip.acknowledged_by is None

    # then prosecutor1 finds it among the slips to do, and acknowledges it
    todo = _ok(_api("api.slips.slips_list").sync_detailed(client=prosecutor1, status=models.SlipListStatus.TODO))
    assert [row.id for row in todo.results] == [slip.id]
    acknowledge = _api("api.slips.slips_acknowledge_create")
    acknowledged = _ok(acknowledge.sync_detailed(id=slip.id, client=prosecutor1))
    assert acknowledged.acknowledged_by.full_name == org["prosecutor1"].full_name

    # and submits feedback with a PDF attachment
    submit = _api("api.slips.slips_feedback_create")
    report = types.File(payload=io.BytesIO(PDF), file_name="整改报告.pdf", mime_type="application/pdf")
    feedback = _ok(
        submit.sync_detailed(
            id=slip.id,
            client=prosecutor1,
            body=models.FeedbackInputRequest(text="已逐项整改，报告见附件。", attachments=[report]),
        ),
        201,
    )
    assert feedback.review == models.ReviewEnum.PENDING and feedback.reviewed_by is None
    assert [a.original_name for a in feedback.attachments] == ["整改报告.pdf"]

    # and the inspector downloads the attachment, accepts the feedback and concludes the matter
    download = _api("api.attachments.attachments_retrieve")
    downloaded = _ok(download.sync_detailed(id=feedback.attachments[0].id, client=inspector))
    assert downloaded.payload.read() == PDF
    accept = _api("api.feedback.feedback_accept_create")
    accepted = _ok(
        accept.sync_detailed(id=feedback.id, client=inspector, body=models.CommentRequest(comment="整改到位"))
    )
    assert accepted.review == models.ReviewEnum.ACCEPTED
    assert accepted.reviewed_by.full_name == org["inspector"].full_name
    conclude = _api("api.matters.matters_conclude_create")
    concluded = _ok(
        conclude.sync_detailed(
            id=draft.id, client=inspector, body=models.ConcludeRequest(results="案件比下降，整改到位。")
        )
    )
    assert concluded.status == models.MatterStatus.CONCLUDED

    # and the decision document comes down as a .docx
    decision = _ok(_api("api.matters.matters_decision_docx_retrieve").sync_detailed(id=draft.id, client=inspector))
    assert decision.payload.read()[:2] == b"PK"

    # and prosecutor1's inbox is a page the client reads, filtered to the unread
    inbox = _ok(
        _api("api.notifications.notifications_list").sync_detailed(
            client=prosecutor1, show=models.NotificationsListShow.UNREAD
        )
    )
    assert inbox.unread == inbox.count

    # and a refusal comes back as the one error shape, parsed by the client
    refused = accept.sync_detailed(id=feedback.id, client=inspector, body=models.CommentRequest(comment="再次通过"))
    assert refused.status_code == 400 and isinstance(refused.parsed, models.Error)
    assert refused.parsed.code == "feedback_already_reviewed"
