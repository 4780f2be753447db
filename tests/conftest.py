"""Shared fixtures. Services a test needs are checked here: skipped locally, a failure in CI.

Set PROCURACY_REQUIRE_SERVICES=1 (``.ci/run`` does) and a test marked ``postgres``, ``redis`` or
``browser`` fails instead of skipping when its service is missing.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

# The kinds' shared fixtures, which test modules load as plugins and some also import from: their asserts are
# rewritten only if pytest hears of them before the first import.
pytest.register_assert_rewrite(
    "tests.circular_fixtures",
    "tests.conduct_fixtures",
    "tests.evaluation_fixtures",
    "tests.inspection_fixtures",
    "tests.recommendation_fixtures",
    "tests.case_fixtures",
    "tests.review_fixtures",
    "tests.sampling_fixtures",
    "tests.inquiry_fixtures",
    "tests.query_counts",
)

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses that unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_SERVICES = os.environ.get("PROCURACY_REQUIRE_SERVICES", "") not in ("", "0", "false")
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", settings.BASE_DIR / "var" / "test-artifacts"))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def missing(reason: str):
    """Skip, or fail where services are required."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}", pytrace=False)
    pytest.skip(reason)


def _redis_url() -> str:
    return os.environ.get("REDIS_URL") or (
        settings.CELERY_BROKER_URL if settings.CELERY_BROKER_URL.startswith("redis") else ""
    )


@pytest.fixture(autouse=True)
def _services_for_markers(request):
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            missing("PostgreSQL not configured (set DATABASE_URL)")
    if request.node.get_closest_marker("redis") and not _redis_url():
        missing("Redis not configured (set REDIS_URL or CELERY_BROKER_URL)")
    if request.node.get_closest_marker("browser") and not shutil.which(CHROMIUM):
        missing(f"{CHROMIUM} not installed (apt-get install chromium fonts-noto-cjk)")


@pytest.fixture(scope="session", autouse=True)
def _audit_flush_bypass():
    """Let transactional tests empty the audit table between tests.

    The append-only trigger refuses TRUNCATE, which is how Django flushes PostgreSQL after a
    transactional test. The table owner may switch the trigger off for that statement, which is
    exactly what the test database's owner does here and nothing in the application ever does.
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        if "audit_auditentry" not in tables:
            return statements
        return [
            "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_truncate",
            *statements,
            "ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_truncate",
        ]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture(autouse=True)
def _audit_checkpoints_per_test(tmp_path_factory):
    """Each test keeps its audit checkpoints in a folder of its own, as the file outlives the test's database."""
    original = settings.AUDIT_CHECKPOINT_DIR
    settings.AUDIT_CHECKPOINT_DIR = tmp_path_factory.getbasetemp() / "audit-checkpoints" / os.urandom(8).hex()
    yield
    settings.AUDIT_CHECKPOINT_DIR = original


@pytest.fixture(autouse=True)
def _calendar_trusts_the_cache_again():
    """A test that made the cache fail leaves the calendar resting from it for 30 s in this process; the next
    tests must not inherit that (their pinned query counts would depend on which test ran before)."""
    yield
    from workcalendar import workdays

    workdays._memory.cache_down_until = 0.0


@pytest.fixture
def use_broker(monkeypatch):
    """Point this process's Celery at another broker for one test: ``use_broker("redis://127.0.0.1:1/0")``.

    Celery reads CELERY_BROKER_URL from the environment before its configuration, and a write URL set in its
    configuration outranks both; the originals (raw, not as resolved) come back afterwards, so no later test
    inherits the change.
    """
    from procuracy.celery import app

    raw = {key: app.conf.get(key) for key in ("broker_url", "broker_write_url")}

    def use(url: str) -> None:
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        app.conf.broker_url = app.conf.broker_write_url = url

    yield use
    for key, value in raw.items():
        app.conf[key] = value


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's cost is the point in production and minutes of waiting in a suite that creates users per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded files land in the test's own folder, not in var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def org(db):
    """The demo procuratorate and its nine users, built through the services."""
    from accounts.demo import seed_organisation

    procuratorate, users = seed_organisation()
    return users


@pytest.fixture
def client_for(client, org):
    """A test client signed in as one of the demo users: ``client_for("inspector")``."""

    def sign_in(username: str):
        client.force_login(org[username])
        return client

    return sign_in


# --- browser


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        missing(f"{CHROMIUM} not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-quic",
                "--disable-sync",
                "--lang=zh-CN",
            ],
            # The browser's own words (a file input's 选择文件, a date input's 年/月/日) in Chinese, as users see them:
            # chromium reads LANGUAGE, with the zh-CN pack of Debian's chromium-l10n. LANG stays as it is: a
            # zh_CN.UTF-8 the system has not generated would leave chromium unable to read Chinese file names.
            env={**os.environ, "LANGUAGE": "zh_CN:zh"},
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save the page as a test artifact: ``screenshot("home-inspector")``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def as_user(browser, live_server, org):
    """A signed-in browser session per demo user, for journeys between people: ``page = as_user("head1")``."""
    from accounts.demo import DEMO_PASSWORD

    contexts = []

    def open_as(username, width=1366):
        context = browser.new_context(viewport={"width": width, "height": 768}, locale="zh-CN")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("[data-testid=menu]", state="attached")
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def sign_in_page(page, live_server):
    """Sign in through the real form: ``sign_in_page("chief")`` returns the page on the home screen."""
    from accounts.demo import DEMO_PASSWORD

    def sign_in(username: str, password: str = DEMO_PASSWORD):
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        return page

    return sign_in


# --- supervision: matters and slips built through the services


@pytest.fixture
def department(org):
    """``department("第一检察部")``."""
    from accounts.models import Department

    return lambda name: Department.objects.get(name=name)


@pytest.fixture
def matter_data(department):
    """What the initiation form and ``POST /api/matters/`` take, led by 第一检察部: ``matter_data(title="")``."""
    from django.utils import timezone

    from supervision.models import MatterCategory
    from workcalendar.workdays import add_workdays

    def make(**overrides) -> dict:
        data = {
            "title": "落实院党组关于降低案件比的工作部署",
            "category": MatterCategory.objects.get(name="党组决策部署督察").pk,
            "source": "party_group_decision",
            "requirements": "各部门对照案件比指标逐项整改，按月报告进展。",
            "lead_department": department("第一检察部").pk,
            "due_date": add_workdays(timezone.localdate(), 20).isoformat(),
        }
        data.update(overrides)
        return data

    return make


@pytest.fixture
def api_as(org):
    """An API client signed in (by session) as one of the demo users: ``api_as("inspector")``."""
    from rest_framework.test import APIClient

    def make(username: str):
        client = APIClient()
        client.force_login(org[username])
        return client

    return make


@pytest.fixture
def draft_matter(org, department):
    """A draft matter led by 第一检察部, due 20 workdays from today; keyword arguments override."""
    from supervision.models import MatterCategory, MatterSource
    from supervision.services import create_matter
    from workcalendar.workdays import add_workdays

    def make(actor="inspector", **overrides):
        from django.utils import timezone

        fields = {
            "title": "落实院党组关于降低案件比的工作部署",
            "category": MatterCategory.objects.get(name="党组决策部署督察"),
            "source": MatterSource.PARTY_GROUP_DECISION,
            "requirements": "各部门对照案件比指标逐项整改，按月报告进展。",
            "lead_department": department("第一检察部"),
            "due_date": add_workdays(timezone.localdate(), 20),
        }
        fields.update(overrides)
        return create_matter(actor=org[actor], **fields)

    return make


@pytest.fixture
def initiated_matter(org, draft_matter):
    from supervision.services import initiate_matter

    def make(**overrides):
        return initiate_matter(actor=org["inspector"], matter=draft_matter(**overrides))

    return make


@pytest.fixture
def issued_slip(org, initiated_matter, department):
    """A matter with one slip to 第一检察部 (or ``department_name``), due 10 workdays from today."""
    from django.utils import timezone

    from supervision.services import issue_slip
    from workcalendar.workdays import add_workdays

    def make(department_name="第一检察部", matter=None, **overrides):
        matter = matter or initiated_matter()
        return issue_slip(
            actor=org["inspector"],
            matter=matter,
            department=department(department_name),
            requirements=overrides.pop("requirements", "请于办理时限内书面报告整改措施和成效。"),
            deadline_on=overrides.pop("deadline_on", add_workdays(timezone.localdate(), 10)),
            **overrides,
        )

    return make
