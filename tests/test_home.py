"""The home page shows each user what to look at first."""

from django.urls import reverse

from supervision import services


def test_director_home_lists_feedback_to_review_and_extensions_to_decide(client_for, org, issued_slip):
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    services.submit_feedback(actor=org["prosecutor1"], slip=slip, text="已整改")
    other = services.acknowledge_slip(actor=org["prosecutor2"], slip=issued_slip(department_name="第二检察部"))
    services.request_extension(
        actor=org["prosecutor2"], slip=other, requested_deadline=other.matter.due_date, reason="需要调卷"
    )
    html = client_for("director").get(reverse("home")).content.decode()
    assert 'data-testid="todo-review"' in html and 'data-testid="todo-approve"' in html
    assert slip.matter.title in html


def test_department_home_lists_its_own_slips_only(client_for, issued_slip):
    mine = issued_slip()
    theirs = issued_slip(department_name="第二检察部")
    html = client_for("prosecutor1").get(reverse("home")).content.decode()
    assert 'data-testid="todo-acknowledge"' in html
    assert f'href="/matters/{mine.matter_id}/#slip-{mine.pk}"' in html
    assert f'href="/matters/{theirs.matter_id}/' not in html


def test_administrators_see_no_business_dashboard(client_for, issued_slip):
    issued_slip()
    for username in ("sysadmin", "secadmin", "auditor"):
        assert 'data-testid="dashboard"' not in client_for(username).get(reverse("home")).content.decode()


def test_system_administrator_is_warned_on_home_when_next_years_calendar_is_missing(client_for):
    import time_machine

    with time_machine.travel("2026-11-24 10:00 +0800"):
        html = client_for("sysadmin").get(reverse("home")).content.decode()
        assert 'data-testid="calendar-banner"' in html and "2027年" in html
        assert 'data-testid="calendar-banner"' not in client_for("inspector").get(reverse("home")).content.decode()


def test_the_browsers_icon_request_finds_the_sites_icon(client, db):
    # when a browser asks for /favicon.ico, signed in or not
    response = client.get("/favicon.ico", follow=True)

    # then it gets the site's own icon from static/, not a 404 in the log
    assert response.redirect_chain[0][1] == 301
    assert response.status_code == 200 and b"<svg" in b"".join(response.streaming_content)
