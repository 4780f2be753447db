"""The project's URLs plus /bench/bare/: the yardstick of bench/pages.py, served by the same gunicorn.

The bare page is what Django itself costs: 20 matters from one query rendered in a minimal template, with the
project's middleware around it (sessions, CSRF, security headers) but no sign-in, no menus, no scope.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from procuracy.urls import *  # noqa: F403
from procuracy.urls import urlpatterns as project_urlpatterns
from supervision.models import Matter

BARE = engines["django"].from_string(
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>bare</title></head><body><table>'
    "{% for m in matters %}<tr><td>{{ m.pk }}</td><td>{{ m.title }}</td><td>{{ m.status }}</td>"
    "<td>{{ m.due_date }}</td></tr>{% endfor %}</table></body></html>"
)


@login_not_required
def bare(request):
    matters = Matter.objects.only("pk", "title", "status", "due_date").order_by("-pk")[:20]
    # No request in the context: the project's context processors (menus, unread counts) stay out of it.
    return HttpResponse(BARE.render({"matters": matters}))


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *project_urlpatterns]
