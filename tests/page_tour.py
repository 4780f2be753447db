"""The main pages of every role, for the browser tests that look at all of them (contrast, narrow screens,
screenshots), with the demo matters behind them so that every badge and colour is on some page.

Not a test module: ``tests/test_browser_contrast.py`` and ``tests/test_browser_screenshots.py`` import it.
"""

from dataclasses import dataclass

from accounts.demo import DEMO_PASSWORD


@dataclass(frozen=True)
class Stop:
    username: str  # "" for a page seen before signing in
    name: str  # the screenshot's name
    path: str
    status: int = 200


def populate(org) -> dict:
    """The demo matters in every state and colour, and one message of each kind in the inspector's inbox."""
    from accounts.models import Procuratorate
    from cases.demos import seed as seed_cases
    from notifications.services import Message, notify
    from supervision.demo import seed_matters
    from supervision.models import Matter, Slip

    seed_matters(procuratorate=Procuratorate.objects.get(), users=org)
    seed_cases(procuratorate=Procuratorate.objects.get(), users=org)
    matter = Matter.objects.filter(slips__isnull=False).order_by("id").first()
    notify(
        [
            Message(
                recipient_id=org[username].pk,
                kind=kind,
                title=f"督察事项{label}：{matter.title}",
                body="请在应办结日期前办理完毕并反馈。",
                link=f"/matters/{matter.pk}/",
                subject_type="supervision.matter",
                subject_id=str(matter.pk),
                step=kind,
            )
            for username in ("inspector", "prosecutor1")
            for kind, label in (("warning", "即将到期"), ("overdue", "已逾期"), ("reminder", "催办"))
        ]
    )
    return {"matter": matter, "slip": Slip.objects.filter(matter=matter).first(), **_records(), **_case_records(org)}


def _case_records(org) -> dict:
    """The demo's first case with a review, its graded review, the draw and an inquiry record."""
    from cases.models import CaseInquiry, CaseReview, ReviewStatus, SamplingDraw

    review = CaseReview.objects.filter(status=ReviewStatus.GRADED).order_by("id").first()
    return {
        "case": review.case_id,
        "review": review.pk,
        "draw": SamplingDraw.objects.order_by("id").values_list("pk", flat=True).first(),
        "inquiry": CaseInquiry.objects.order_by("id").values_list("pk", flat=True).first(),
        "dossier": org["prosecutor1"].pk,
    }


def _records() -> dict:
    """The first demo record of each of the office's other kinds, for their detail pages."""
    from supervision.models import (
        Circular,
        ConductCase,
        Inspection,
        Interview,
        MeetingAttendance,
        Problem,
        Recommendation,
        RectificationNotice,
    )

    def first(queryset):
        return queryset.order_by("id").values_list("pk", flat=True).first()

    return {
        "notice": first(RectificationNotice.objects.exclude(document_number="")),
        "problem": first(Problem.objects.filter(notice__department__name="第一检察部")),
        "recommendation": first(Recommendation.objects.filter(department__name="第一检察部").exclude(status="draft")),
        "circular": first(Circular.objects.filter(status="published")),
        "inspection": first(Inspection.objects.all()),
        "interview": first(Interview.objects.all()),
        "meeting": first(MeetingAttendance.objects.all()),
        "conduct_case": first(ConductCase.objects.all()),
    }


def stops(data: dict) -> list[Stop]:
    matter = data["matter"].pk
    return [
        Stop("", "login", "/login/"),
        Stop("inspector", "home-inspector", "/"),
        Stop("inspector", "matter-list", "/matters/"),
        Stop("inspector", "matter-detail", f"/matters/{matter}/"),
        Stop("inspector", "slip-list-inspector", "/slips/"),
        Stop("inspector", "inbox", "/notifications/"),
        Stop("inspector", "password-change", "/password/"),
        Stop("inspector", "not-found", "/matters/999999/", status=404),
        Stop("inspector", "notice-list", "/notices/"),
        Stop("inspector", "notice-detail", f"/notices/{data['notice']}/"),
        Stop("inspector", "problem-list", "/problems/"),
        Stop("inspector", "problem-detail", f"/problems/{data['problem']}/"),
        Stop("inspector", "recommendation-list", "/recommendations/"),
        Stop("inspector", "recommendation-detail", f"/recommendations/{data['recommendation']}/"),
        Stop("inspector", "circular-list", "/circulars/"),
        Stop("inspector", "circular-detail", f"/circulars/{data['circular']}/"),
        Stop("inspector", "inspection-list", "/inspections/"),
        Stop("inspector", "inspection-detail", f"/inspections/{data['inspection']}/"),
        Stop("inspector", "interview-list", "/interviews/"),
        Stop("inspector", "interview-detail", f"/interviews/{data['interview']}/"),
        Stop("inspector", "meeting-list", "/meetings/"),
        Stop("inspector", "meeting-detail", f"/meetings/{data['meeting']}/"),
        Stop("director", "conduct-case-list", "/conduct-cases/"),
        Stop("director", "conduct-case-detail", f"/conduct-cases/{data['conduct_case']}/"),
        Stop("inspector", "case-list", "/cases/"),
        Stop("inspector", "case-detail", f"/cases/{data['case']}/"),
        Stop("inspector", "case-review-list", "/cases/reviews/"),
        Stop("inspector", "case-review-detail", f"/cases/reviews/{data['review']}/"),
        Stop("inspector", "case-review-summary", "/cases/reviews/summary/"),
        Stop("inspector", "look-back-list", "/cases/look-back/"),
        Stop("inspector", "look-back-detail", f"/cases/look-back/{data['draw']}/"),
        Stop("inspector", "inquiry-list", "/cases/inquiries/"),
        Stop("inspector", "inquiry-detail", f"/cases/inquiries/{data['inquiry']}/"),
        Stop("inspector", "inquiry-returns", "/cases/inquiries/returns/"),
        Stop("inspector", "dossier-list", "/cases/dossiers/"),
        Stop("inspector", "dossier", f"/cases/dossiers/{data['dossier']}/"),
        Stop("prosecutor1", "inquiry-form", "/cases/inquiries/new/"),
        Stop("prosecutor1", "inquiry-return", "/cases/inquiries/returns/mine/"),
        Stop("prosecutor1", "case-list-prosecutor1", "/cases/"),
        Stop("director", "home-director", "/"),
        Stop("chief", "home-chief", "/"),
        Stop("head1", "home-head1", "/"),
        Stop("head1", "slip-list-head1", "/slips/"),
        Stop("head1", "todo-head1", "/todo/"),
        Stop("prosecutor1", "home-prosecutor1", "/"),
        Stop("prosecutor1", "matter-detail-prosecutor1", f"/matters/{matter}/"),
        Stop("prosecutor1", "todo-prosecutor1", "/todo/"),
        Stop("prosecutor1", "problem-list-prosecutor1", "/problems/"),
        Stop("prosecutor1", "problem-detail-prosecutor1", f"/problems/{data['problem']}/"),
        Stop("prosecutor1", "recommendation-detail-prosecutor1", f"/recommendations/{data['recommendation']}/"),
        Stop("head1", "circular-detail-head1", f"/circulars/{data['circular']}/"),
        Stop("director", "todo-director", "/todo/"),
        Stop("sysadmin", "home-sysadmin", "/"),
        Stop("sysadmin", "admin-index", "/admin/"),
        Stop("sysadmin", "admin-schedule", "/admin/schedule/"),
        Stop("sysadmin", "admin-schedule-change", "/admin/schedule/scan-deadlines/"),
        Stop("sysadmin", "admin-users", "/admin/accounts/user/"),
        Stop("secadmin", "home-secadmin", "/"),
        Stop("secadmin", "user-list", "/accounts/users/"),
        Stop("auditor", "home-auditor", "/"),
        Stop("auditor", "audit-log", "/audit/"),
    ]


def walk(browser, live_server, data: dict, *, width: int, height: int):
    """Open every stop in a browser ``width`` wide, one signed-in session per user: yields (stop, page)."""
    contexts = {}
    try:
        for stop in stops(data):
            if stop.username not in contexts:
                context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
                context.set_default_timeout(15_000)
                page = context.new_page()
                if stop.username:
                    page.goto(f"{live_server.url}/login/")
                    page.fill("input[name=username]", stop.username)
                    page.fill("input[name=password]", DEMO_PASSWORD)
                    page.click("button[type=submit]")
                    page.wait_for_load_state()
                contexts[stop.username] = (context, page)
            page = contexts[stop.username][1]
            response = page.goto(f"{live_server.url}{stop.path}")
            assert response.status == stop.status, f"{stop.path} as {stop.username or 'anonymous'}: {response.status}"
            page.wait_for_load_state("networkidle")
            yield stop, page
    finally:
        for context, _ in contexts.values():
            context.close()


# Every visible text (text nodes and filled inputs) with its computed colour against its effective background:
# the first opaque background up the ancestors, with the translucent ones above it blended in, and the
# ancestors' opacity applied to the text. A gradient counts as each of its colours (the worst one decides).
CONTRAST_SCRIPT = """
() => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]*)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const lum = (c) => {
    const ch = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const ratio = (a, b) => {
    const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  const backgrounds = (el) => {
    const layers = [];
    let gradient = null;
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage.includes("gradient")) {
        gradient = (style.backgroundImage.match(/rgba?\\([^)]*\\)/g) || []).map(parse);
        break;
      }
      const bg = parse(style.backgroundColor);
      if (bg && bg[3] > 0) {
        layers.push(bg);
        if (bg[3] >= 1) break;
      }
    }
    const base = layers.length && layers[layers.length - 1][3] >= 1 ? [] : [[255, 255, 255, 1]];
    const bottoms = gradient && gradient.length ? gradient.map((g) => over(g, [255, 255, 255, 1])) : base;
    const stack = layers.slice().reverse();
    const results = [];
    for (const bottom of bottoms.length ? bottoms : [null]) {
      let colour = bottom;
      for (const layer of stack) colour = colour ? over(layer, colour) : layer;
      results.push(colour);
    }
    return results;
  };
  const opacity = (el) => {
    let o = 1;
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      o *= Number(getComputedStyle(node).opacity);
    }
    return o;
  };
  const elements = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    if (walker.currentNode.textContent.trim()) elements.add(walker.currentNode.parentElement);
  }
  document.querySelectorAll("input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea, select")
    .forEach((el) => { if (el.value) elements.add(el); });
  const offenders = [];
  let checked = 0;
  for (const el of elements) {
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    if (el.closest(":disabled, .disabled, [aria-disabled=true], .visually-hidden, script, style, noscript")) continue;
    const style = getComputedStyle(el);
    const fg = parse(style.color);
    if (!fg) continue;
    fg[3] *= opacity(el);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const needed = large ? 3 : 4.5;
    checked += 1;
    let worst = Infinity;
    let against = null;
    for (const bg of backgrounds(el)) {
      const r = ratio(over(fg, bg), bg);
      if (r < worst) { worst = r; against = bg; }
    }
    if (worst < needed - 0.005) {
      const text = (el.value || el.innerText || el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
      offenders.push({
        text, ratio: Math.round(worst * 100) / 100, needed,
        colour: style.color, background: `rgb(${against.slice(0, 3).map(Math.round).join(", ")})`,
        element: el.tagName.toLowerCase() + (typeof el.className === "string" && el.className.trim()
          ? "." + el.className.trim().split(/\\s+/).join(".") : ""),
      });
    }
  }
  return { checked, offenders };
}
"""

# How wide the page is, and how many characters each line of each h1 holds (one character a line is the fault).
OVERFLOW_SCRIPT = """
() => ({
  scrollWidth: document.documentElement.scrollWidth,
  headings: [...document.querySelectorAll("h1")].filter((h) => h.checkVisibility()).map((h) => {
    const range = document.createRange();
    range.selectNodeContents(h);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.bottom))).size || 1;
    const text = h.innerText.trim();
    return { text, lines, perLine: text.length / lines };
  }),
})
"""
