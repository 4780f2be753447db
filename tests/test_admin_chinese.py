"""The system administrator's admin speaks Chinese on every page they can open: no English admin word remains."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

# Django's and the packages' admin words, as they would show if a label had no Chinese.
ENGLISH = re.compile(
    r"\b(Add|Change|Delete|Save|History|Filter|Search|Periodic|Crontab|Interval|Solar|Clocked|[Tt]asks?|Select|"
    r"View site|Log out|Home|Action|Go|Yes|No|All|Today|Now|Clear|Show|Hide|Choose|Remove|Name|Date|Status|"
    r"Enabled|Description|Schedule|Django|Procuratorate|Department|User|Users|Calendar|Category|Kind|Source|"
    r"Sort order|Active|Level|Parent|Head|Year|Groups?|Permissions?|Password|Username|Email|Phone|Title|"
    r"Last login|Date joined|Staff|Superuser|object|objects|selected|None|Unknown|Recent actions|My actions|"
    r"Authentication|Authorization|Toggle|Skip to|Start typing|Run|Page|results?|total|Model|True|False|Unknown)\b"
)


class VisibleText(HTMLParser):
    """The text a reader sees, and the attributes a screen reader or a button shows, outside scripts."""

    SHOWN_ATTRIBUTES = ("value", "placeholder", "title", "aria-label", "alt")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") not in ("submit", "button", "reset"):
            attrs.pop("value", None)  # what is typed is data, not the page's words
        if tag == "option":
            attrs.pop("value", None)
        self.parts += [attrs[name] for name in self.SHOWN_ATTRIBUTES if attrs.get(name)]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


# Latin letters the pages may show besides the data: abbreviations a Chinese office writes as they are.
ABBREVIATIONS = {"IP", "ID", "API", "PDF", "URL"}


def english_words(html: str, data_words: set[str]) -> list[str]:
    """Django's admin words anywhere, and any other Latin word that is not the data's own (a username, a package)."""
    parser = VisibleText()
    parser.feed(html)
    found = []
    for part in parser.parts:
        if part in data_words:
            continue
        found += [f"{match.group(0)!r} in {part[:80]!r}" for match in ENGLISH.finditer(part)]
        found += [
            f"{word!r} in {part[:80]!r}"
            for word in re.findall(r"[A-Za-z]{2,}", part)
            if word not in data_words and word not in ABBREVIATIONS and not ENGLISH.fullmatch(word)
        ]
    return found


def sysadmin_pages(sysadmin) -> list[str]:
    """The index, each app's index, and every changelist, add form and first change form the sysadmin may open."""
    request = RequestFactory().get("/admin/")
    request.user = sysadmin
    urls = [reverse("admin:index"), reverse("admin:schedule")]
    urls += [reverse("admin:schedule_change", args=["scan-deadlines"])]
    urls += [reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        if not model_admin.has_view_or_change_permission(request):
            continue
        urls.append(reverse("admin:app_list", args=[info[0]]))
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model.objects.order_by("pk").first()
        if obj is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
    return list(dict.fromkeys(urls))


@pytest.fixture
def data_words(org):
    """What the data itself says (usernames, e-mail addresses, the calendar packages' releases): not the admin's."""
    from accounts.models import User
    from workcalendar.models import CalendarDay, CalendarYear

    words = set()
    for user in User.objects.all():
        words |= {user.username, user.email, str(user), *re.findall(r"[A-Za-z]+", user.username)}
    for source in {
        *CalendarDay.objects.values_list("source", flat=True),
        *CalendarYear.objects.values_list("source", flat=True),
    }:
        words |= {source, *re.findall(r"[A-Za-z]+", source)}
    return {w for w in words if w} - {"administrator"}


def test_every_admin_page_the_sysadmin_opens_is_wholly_chinese(client_for, org, data_words):
    # given the system administrator in the admin
    client = client_for("sysadmin")
    pages = sysadmin_pages(org["sysadmin"])
    assert len(pages) > 15
    faults = []
    for url in pages:
        # when they open each page
        response = client.get(url)
        assert response.status_code == 200, url
        # then no English admin word is on it
        faults += [f"{url}: {word}" for word in english_words(response.content.decode(), data_words)]
    assert not faults, "\n".join(faults)


def test_a_list_filtered_and_searched_shows_its_filters_and_counts_in_chinese(client_for, org, data_words):
    client = client_for("sysadmin")
    response = client.get("/admin/accounts/user/?q=李&is_active__exact=1")
    assert response.status_code == 200
    assert not english_words(response.content.decode(), data_words)
    response = client.get("/admin/workcalendar/calendarday/?q=国庆")
    assert not english_words(response.content.decode(), data_words)


def test_the_sysadmin_sees_no_celery_admin_and_the_schedule_page_instead(client_for, org):
    client = client_for("sysadmin")
    index = client.get("/admin/").content.decode()
    assert "定时任务" in index
    assert "django_celery_beat" not in index
    for model in ("periodictask", "intervalschedule", "crontabschedule", "solarschedule", "clockedschedule"):
        assert client.get(f"/admin/django_celery_beat/{model}/").status_code == 404


def test_a_day_the_sysadmin_entered_reads_as_entered_by_the_system_administrator(client_for, org, data_words):
    from datetime import date

    from workcalendar import services

    # given a day the system administrator entered themselves
    services.set_day(actor=org["sysadmin"], day=date(2026, 12, 31), kind="holiday", name="跨年调休")
    client = client_for("sysadmin")
    # when they read the calendar, filtered by that source
    response = client.get("/admin/workcalendar/calendarday/?source=administrator")
    # then its source is in Chinese, in the list and in the filter
    page = response.content.decode()
    assert "跨年调休" in page
    assert page.count("系统管理员录入") >= 2
    assert not english_words(page, data_words)
