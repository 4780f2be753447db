"""The deployment running on this machine: gunicorn as the web service runs it, nginx in front when installed.

Docker is not needed: each process is started with the command and configuration the compose file gives it.
"""

import http.client
import json
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from deployment_files import ROOT, VENV_BIN, clean_env, commands_of, compose, nginx_copy, production_env, run


def nginx_binary() -> str:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not nginx or not shutil.which("openssl"):
        pytest.skip("nginx or openssl not installed (apt-get install nginx-light)")
    return nginx


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """Static files collected as the image build collects them: the production profile and a throwaway key."""
    base = tmp_path_factory.mktemp("image")
    env = production_env(base / "var", STATIC_ROOT=str(base / "static"))
    result = run([sys.executable, "manage.py", "collectstatic", "--noinput"], env, timeout=300)
    assert result.returncode == 0, result.stderr
    return base / "static"


def test_static_files_collect_with_the_production_profile(collected_static):
    # given the static files the image build collected
    # when the manifest is read
    manifest = json.loads((collected_static / "staticfiles.json").read_text(encoding="utf-8"))

    # then every file is hashed into it, and the hashed copies are where nginx and whitenoise look
    assert manifest["paths"]
    assert all((collected_static / hashed).is_file() for hashed in manifest["paths"].values())


def test_nginx_accepts_its_configuration(tmp_path):
    # given nginx (apt-get install nginx-light) and a copy of the configuration pointing at this machine
    nginx = nginx_binary()
    config = nginx_copy(tmp_path, upstream="127.0.0.1:8000")

    # when nginx tests it
    result = subprocess.run(
        [nginx, "-t", "-c", str(config), "-p", str(tmp_path), "-e", "stderr"], capture_output=True, text=True
    )

    # then it is valid
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


# --- the web service and nginx, running


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"exited with {process.returncode}: {log.read_text(encoding='utf-8')}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail(f"nothing listens on {port}: {log.read_text(encoding='utf-8')}")


def start(argv: list[str], env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    with log.open("w") as output:
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    wait_for_port(port, process, log)
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def web_service(tmp_path, collected_static):
    """The web service's own command with the production profile, on a migrated SQLite database."""
    port = free_port()
    env = production_env(
        tmp_path / "var",
        STATIC_ROOT=str(collected_static),
        GUNICORN_PORT=str(port),
        GUNICORN_WORKERS="1",
        DJANGO_TRUSTED_PROXIES="127.0.0.1",
    )
    migrated = run([sys.executable, "manage.py", "migrate", "--noinput"], env, timeout=300)
    assert migrated.returncode == 0, migrated.stderr
    argv = commands_of(compose()["services"]["web"])[0]
    process = start([str(VENV_BIN / argv[0]), *argv[1:]], env, port, tmp_path / "gunicorn.log")
    yield port, env
    stop(process)


def test_web_healthcheck_passes_when_gunicorn_answers(web_service):
    # given gunicorn running as the web container runs it
    port, env = web_service

    # when the container's healthcheck runs
    result = run([sys.executable, "deploy/healthcheck.py"], env)

    # then it reports healthy (the production profile neither redirects it nor refuses its host)
    assert result.returncode == 0, result.stderr


def test_web_healthcheck_fails_when_nothing_answers(tmp_path):
    # given no gunicorn on the port
    env = production_env(tmp_path, GUNICORN_PORT=str(free_port()))

    # when the healthcheck runs
    result = run([sys.executable, "deploy/healthcheck.py"], env)

    # then it reports the container unhealthy
    assert result.returncode == 1
    assert "no answer" in result.stderr


def _through_nginx(port: int, method: str, path: str, headers: dict, body: str | None = None, tls: bool = True):
    """One request to nginx from 127.0.0.2, a client address distinct from nginx's own 127.0.0.1."""
    if tls:
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, context=ssl._create_unverified_context(), source_address=("127.0.0.2", 0), timeout=20
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, source_address=("127.0.0.2", 0), timeout=20)
    connection.request(method, path, body=body, headers={"Host": "jwdc.example", **headers})
    response = connection.getresponse()
    content = response.read().decode("utf-8", "replace")
    connection.close()
    return response, content


def test_nginx_hands_the_client_address_and_request_id_to_the_audit_log(tmp_path, web_service):
    # given nginx with our configuration in front of the running web service
    nginx = nginx_binary()
    web_port, env = web_service
    http_port, https_port = free_port(), free_port()
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    config = nginx_copy(prefix, upstream=f"127.0.0.1:{web_port}", http_port=http_port, https_port=https_port)
    argv = [nginx, "-c", str(config), "-p", str(prefix), "-e", "stderr", "-g", "daemon off;"]
    process = start(argv, clean_env(), https_port, prefix / "nginx.log")
    try:
        # when a browser at 127.0.0.2 fails to sign in over HTTPS, claiming another address in X-Forwarded-For
        response, page = _through_nginx(https_port, "GET", "/login/", {})
        assert response.status == 200, page
        cookie = next(c for c in response.msg.get_all("Set-Cookie") if c.startswith("csrftoken="))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"csrfmiddlewaretoken": token, "username": "inspector", "password": "not-the-password"}
        response, page = _through_nginx(
            https_port,
            "POST",
            "/login/",
            {
                "Cookie": cookie.split(";")[0],
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": "https://jwdc.example",
                "Referer": "https://jwdc.example/login/",
                "X-Forwarded-For": "203.0.113.9",
            },
            urllib.parse.urlencode(form),
        )
        plain, _ = _through_nginx(http_port, "GET", "/login/", {}, tls=False)
        hidden, _ = _through_nginx(https_port, "GET", "/protected-media/secret.pdf", {})
    finally:
        stop(process)

    # then the audit entry names the browser's address, not nginx's and not the forged one, and nginx's request id
    assert response.status == 200, page
    entry = run(
        [sys.executable, "manage.py", "shell", "-c", _LAST_FAILED_SIGN_IN],
        {**env, "DJANGO_SETTINGS_MODULE": "procuracy.settings"},
    )
    assert entry.returncode == 0, entry.stderr
    ip, request_id = json.loads(entry.stdout.strip().splitlines()[-1])
    assert ip == "127.0.0.2"
    assert request_id == response.getheader("X-Request-ID")
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # nginx's $request_id, not one made up by the application
    # and plain HTTP only redirects to HTTPS, and uploaded files cannot be fetched by path
    assert (plain.status, plain.getheader("Location")) == (301, "https://jwdc.example/login/")
    assert hidden.status == 404


_LAST_FAILED_SIGN_IN = """
import json
from audit.models import AuditEntry
entry = AuditEntry.objects.filter(action="sign_in_failed").latest("id")
print(json.dumps([entry.ip, entry.request_id]))
"""
