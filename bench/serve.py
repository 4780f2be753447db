"""Gunicorn as the web service runs it, for the load benchmarks: start, stop, sign in, one request, percentiles.

The production profile with DEBUG off, deploy/gunicorn.conf.py, static files collected (pages link the hashed
names of the manifest), and the headers nginx adds in front of gunicorn (the production profile redirects plain
http, and only a trusted proxy's X-Forwarded-Proto is believed).
"""

import http.client
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from benchdb import ROOT

HOST = "localhost"
# What nginx adds in front of gunicorn (deploy/nginx.conf).
PROXY_HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https"}


def server_env(var_dir: Path, port: int, database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_PROFILE="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_TRUSTED_PROXIES="127.0.0.1",
        DATABASE_URL=database_url,
        PROCURACY_VAR_DIR=str(var_dir),
        STATIC_ROOT=str(var_dir / "static"),
        GUNICORN_PORT=str(port),
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def conf_workers(env: dict[str, str]) -> int:
    """The worker count deploy/gunicorn.conf.py gives in ``env`` on this machine."""
    return int(env.get("GUNICORN_WORKERS") or min(2 * (os.cpu_count() or 1) + 1, 9))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict[str, str], log: Path) -> subprocess.Popen:
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, capture_output=True
    )
    if collected.returncode:
        sys.exit(collected.stderr.decode()[-3000:])
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(gunicorn), "--config", "deploy/gunicorn.conf.py", "procuracy.wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    port = int(env["GUNICORN_PORT"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with {process.returncode}: {log.read_text()}")
        try:
            status, _, _ = request(port, "GET", "/healthz", {})
        except OSError:
            time.sleep(0.3)
            continue
        if status < 500:
            return process
        time.sleep(0.3)
    stop_gunicorn(process)
    sys.exit(f"gunicorn did not answer: {log.read_text()}")


def stop_gunicorn(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def request(port: int, method: str, path: str, cookies: dict, body: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = dict(PROXY_HEADERS)
    if cookies:
        headers["Cookie"] = cookie_header(cookies)
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        # Django's CSRF check wants a same-origin Referer on an https request.
        headers["Referer"] = f"https://{HOST}{path}"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        jar = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
        return response.status, jar, content
    finally:
        connection.close()


def cookie_header(cookies: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def sign_in(port: int, username: str, password: str) -> dict:
    """Sign in through the login form; the cookies of the signed-in session."""
    status, cookies, content = request(port, "GET", "/login/", {})
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()
    form = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/"})
    status, jar, _ = request(port, "POST", "/login/", cookies, form)
    cookies.update(jar)
    if status != 302 or "sessionid" not in cookies:
        sys.exit(f"signing in as {username} failed: HTTP {status}")
    return cookies


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]
