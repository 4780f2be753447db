"""In a real browser: the bell shows the unread count, the inbox opens, following a message reads it."""

import pytest
from django.urls import reverse

from notifications.services import Message, notify

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_user_follows_an_unread_message_to_the_matter_and_the_count_drops(
    org, initiated_matter, sign_in_page, screenshot
):
    # given: two unread messages, one about a matter the prosecutor is responsible for
    matter = initiated_matter(responsible_people=[org["prosecutor1"]])
    link = reverse("supervision:matter_detail", args=[matter.pk])
    notify(
        [
            Message(
                recipient_id=org["prosecutor1"].pk,
                kind=kind,
                title=title,
                body="请在应办结日期前办理完毕并反馈。",
                link=link,
                subject_type="supervision.matter",
                subject_id=str(matter.pk),
                step=step,
            )
            for kind, title, step in (
                ("warning", f"督察事项即将到期：{matter.title}", "warning"),
                ("reminder", f"督察事项催办：{matter.title}", "reminder"),
            )
        ]
    )
    # when
    page = sign_in_page("prosecutor1")
    # then
    assert page.inner_text("[data-testid=inbox-badge]").strip() == "2"
    # when
    page.click("[data-testid=inbox-bell]")
    page.wait_for_selector("[data-testid=inbox]")
    assert page.locator("[data-testid=notification][data-unread]").count() == 2
    screenshot("inbox-prosecutor1")
    page.click("[data-testid=notification-link] >> text=即将到期")
    # then: on the matter, one message left unread
    page.wait_for_url(f"**{link}")
    assert matter.title in page.inner_text("main")
    assert page.inner_text("[data-testid=inbox-badge]").strip() == "1"
    screenshot("inbox-after-following-a-message")
    # when: the rest are marked read in place
    page.click("[data-testid=inbox-bell]")
    page.click("[data-testid=mark-all-read]")
    page.wait_for_selector("[data-testid=inbox-badge]", state="detached")
    assert page.locator("[data-testid=notification][data-unread]").count() == 0
