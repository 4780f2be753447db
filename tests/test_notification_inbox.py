"""The in-app inbox: the bell with the unread count, the list, opening a message, marking read; and its API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from notifications.services import Message, notify
from tests.query_counts import SIGNED_IN, page_queries

pytestmark = pytest.mark.django_db


def tell(user, count=1, *, link="/matters/", kind="overdue", step="test"):
    notify(
        Message(
            recipient_id=user.pk,
            kind=kind,
            title=f"督察事项已逾期（{i + 1}）",
            body="请尽快办理并反馈。",
            link=link,
            subject_type="supervision.matter",
            subject_id=str(i + 1),
            step=step,
        )
        for i in range(count)
    )
    return list(Notification.objects.filter(recipient=user, step=step).order_by("subject_id"))


def test_user_sees_their_unread_count_in_the_top_bar(org, client_for):
    # given
    tell(org["prosecutor1"], 3)
    tell(org["prosecutor2"], 5)
    # when
    page = client_for("prosecutor1").get(reverse("home")).content.decode()
    # then
    assert 'data-testid="inbox-badge"' in page
    assert 'aria-label="3 条未读">3</span>' in page


def test_user_with_nothing_unread_sees_the_bell_without_a_badge(org, client_for):
    page = client_for("inspector").get(reverse("home")).content.decode()
    assert 'data-testid="inbox-bell"' in page and 'data-testid="inbox-badge"' not in page


def test_the_unread_count_costs_one_query_and_is_never_polled(org, client_for):
    # given
    tell(org["inspector"], 2)
    client = client_for("inspector")
    # when
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("home")).content.decode()
    # then: a poll would keep the 30-minute idle session alive for ever
    assert len([q for q in ctx.captured_queries if "notifications_notification" in q["sql"]]) == 1
    bell = page[page.index('id="inbox-bell"') : page.index("</a>", page.index('id="inbox-bell"'))]
    assert "hx-trigger" not in bell and "hx-get" not in bell
    assert "every " not in page


def test_inbox_lists_unread_first_and_filters_unread(org, client_for):
    # given
    read, unread = tell(org["head1"], 2)
    Notification.objects.filter(pk=read.pk).update(read_at=unread.created_at)
    client = client_for("head1")
    # when
    everything = client.get(reverse("notifications:inbox")).content.decode()
    only_unread = client.get(reverse("notifications:inbox"), {"show": "unread"}).content.decode()
    # then
    assert everything.index(f'id="notification-{unread.pk}"') < everything.index(f'id="notification-{read.pk}"')
    assert f'id="notification-{unread.pk}"' in only_unread and f'id="notification-{read.pk}"' not in only_unread
    assert "全部标为已读" in everything


def test_following_a_message_marks_it_read_and_goes_to_the_item(org, client_for):
    # given
    (message,) = tell(org["prosecutor1"], link="/matters/?colour=red")
    # when
    response = client_for("prosecutor1").get(reverse("notifications:open", args=[message.pk]))
    # then
    assert response.status_code == 302 and response.url == "/matters/?colour=red"
    message.refresh_from_db()
    assert message.read_at is not None


def test_a_link_to_another_site_is_not_followed(org, client_for):
    (message,) = tell(org["prosecutor1"], link="https://evil.example/")
    response = client_for("prosecutor1").get(reverse("notifications:open", args=[message.pk]))
    assert response.url == reverse("notifications:inbox")


@pytest.mark.parametrize("username", ["prosecutor2", "inspector", "sysadmin"])
def test_nobody_opens_or_marks_another_users_message(org, client_for, username):
    # given
    (message,) = tell(org["prosecutor1"])
    client = client_for(username)
    # when
    opened = client.get(reverse("notifications:open", args=[message.pk]))
    marked = client.post(reverse("notifications:mark_read", args=[message.pk]))
    client.post(reverse("notifications:mark_all_read"))
    listed = client.get(reverse("notifications:inbox")).content.decode()
    # then
    assert opened.status_code == 404 and marked.status_code == 404
    assert message.title not in listed
    message.refresh_from_db()
    assert message.read_at is None


def test_user_marks_one_read_in_place(org, client_for):
    # given
    first, second = tell(org["head1"], 2)
    # when
    response = client_for("head1").post(reverse("notifications:mark_read", args=[first.pk]), HTTP_HX_REQUEST="true")
    # then: the row comes back read, and the bell out of band with the new count
    html = response.content.decode()
    assert f'id="notification-{first.pk}"' in html and "已读" in html and "标为已读" not in html
    assert 'hx-swap-oob="true"' in html and 'aria-label="1 条未读"' in html
    assert Notification.objects.filter(recipient=org["head1"], read_at__isnull=True).get() == second


def test_user_marks_all_read_in_place(org, client_for):
    # given
    tell(org["head1"], 3)
    (others,) = tell(org["prosecutor1"])
    # when
    response = client_for("head1").post(reverse("notifications:mark_all_read"), {"show": "all"}, HTTP_HX_REQUEST="true")
    # then
    html = response.content.decode()
    assert response.status_code == 200 and 'id="inbox-list"' in html
    assert 'hx-swap-oob="true"' in html and 'data-testid="inbox-badge"' not in html
    assert not Notification.objects.filter(recipient=org["head1"], read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


def test_inbox_page_runs_the_same_queries_for_few_and_many_messages(org, client_for):
    client = client_for("director")
    counts = []
    for step, many in (("few", 22), ("many", 45)):
        tell(org["director"], many, step=step)
        counts.append(page_queries(client, reverse("notifications:inbox"), {"page": 2}))
    # one count of the 待办 badges, the bell's unread and all the messages (the paginator's count); the page
    assert counts[0] == counts[1] == SIGNED_IN + 2


# --- API


def test_api_lists_only_the_users_own_messages_unread_first(org, client_for):
    # given
    read, unread = tell(org["prosecutor1"], 2)
    Notification.objects.filter(pk=read.pk).update(read_at=unread.created_at)
    tell(org["prosecutor2"], 4)
    # when
    body = client_for("prosecutor1").get("/api/notifications/").json()
    # then
    assert body["count"] == 2 and body["unread"] == 1
    assert [row["id"] for row in body["results"]] == [unread.pk, read.pk]
    assert body["results"][0]["kind_label"] == "逾期" and body["results"][0]["unread"] is True


def test_api_marks_one_read_and_refuses_another_users(org, client_for):
    # given
    (mine,) = tell(org["prosecutor1"])
    (theirs,) = tell(org["prosecutor2"])
    client = client_for("prosecutor1")
    # when
    ok = client.post(f"/api/notifications/{mine.pk}/read/")
    refused = client.post(f"/api/notifications/{theirs.pk}/read/")
    # then
    assert ok.status_code == 200 and ok.json() == {"marked": 1, "unread": 0}
    assert refused.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_api_marks_the_given_ids_or_all(org, client_for):
    # given
    first, second, third = tell(org["head1"], 3)
    (theirs,) = tell(org["prosecutor2"])
    client = client_for("head1")
    # when
    some = client.post("/api/notifications/read/", {"ids": [first.pk, theirs.pk]}, content_type="application/json")
    rest = client.post("/api/notifications/read/", {}, content_type="application/json")
    # then
    assert some.json() == {"marked": 1, "unread": 2}
    assert rest.json() == {"marked": 2, "unread": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_api_needs_sign_in(db, client):
    assert client.get("/api/notifications/").status_code == 401


def test_api_list_runs_the_same_queries_for_few_and_many_messages(org, client_for):
    client = client_for("director")
    counts = []
    for step, many in (("few", 2), ("many", 60)):
        tell(org["director"], many, step=step)
        counts.append(page_queries(client, "/api/notifications/"))
    # the messages and the unread ones counted in one query (the page's count and ``unread``); the page
    assert counts[0] == counts[1] == SIGNED_IN + 2
