"""Reading the deployment files as Docker would, for tests/test_deployment*.py: no Docker needed."""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml
from django.core.management.utils import get_random_secret_key

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
_VARIABLE = re.compile(r"\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}|\$(\w+)")


def interpolate(text: str, env: dict[str, str] | None = None) -> str:
    """Compose's variable substitution, with each variable's default (``:?`` ones get a stand-in)."""
    env = env or {}

    def substitute(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group(1) or match.group(4)
        if name in env:
            return env[name]
        operator, argument = match.group(2), match.group(3)
        if operator and operator.endswith("-"):
            return argument
        if operator and operator.endswith("?"):
            return f"required{name.lower()}"
        return ""

    return _VARIABLE.sub(substitute, text)


def _resolve(node):
    if isinstance(node, dict):
        return {key: _resolve(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolve(value) for value in node]
    return interpolate(node) if isinstance(node, str) else node


def compose() -> dict:
    return _resolve(yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8")))


def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


def app_services(spec: dict) -> dict:
    """The services that run our image (they build it), as opposed to postgres, redis and nginx."""
    return {name: service for name, service in spec["services"].items() if "build" in service}


def commands_of(service: dict) -> list[list[str]]:
    """Each program a service runs: its command, or the image's CMD; `sh -c "a && b"` counts as a and b."""
    command = service.get("command") or json.loads(re.search(r"^CMD (\[.*\])$", dockerfile(), re.M).group(1))
    argv = shlex.split(command) if isinstance(command, str) else [str(arg) for arg in command]
    if argv[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in argv[2].split("&&")]
    return [argv]


def volume_mounts(service: dict) -> dict[str, str]:
    """Container path -> source (volume name or host path) of a service's volumes."""
    mounts = {}
    for entry in service.get("volumes", []):
        source, target = entry.split(":")[:2]
        mounts[target] = source
    return mounts


def clean_env(**extra: str) -> dict[str, str]:
    """A process environment with nothing of ours in it: what a fresh shell or container starts from."""
    return {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8", **extra}


def production_env(var_dir: Path, **extra: str) -> dict[str, str]:
    return clean_env(
        DJANGO_PROFILE="production",
        DJANGO_SECRET_KEY=get_random_secret_key() + get_random_secret_key(),
        DJANGO_ALLOWED_HOSTS="jwdc.example",
        PROCURACY_VAR_DIR=str(var_dir),
        **extra,
    )


def run(argv: list[str], env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def nginx_copy(tmp_path: Path, *, upstream: str, http_port: int = 80, https_port: int = 443) -> Path:
    """deploy/nginx.conf with what only the containers provide replaced: the web host, certificates, volumes."""
    certs = tmp_path / "certs"
    certs.mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=jwdc.example"]
        + ["-keyout", str(certs / "server.key"), "-out", str(certs / "server.crt")],
        check=True,
        capture_output=True,
    )
    for folder in ("static", "media"):
        (tmp_path / folder).mkdir()
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    replacements = {
        "server web:8000;": f"server {upstream};",
        "/etc/nginx/certs/": f"{certs}/",
        "/srv/static/": f"{tmp_path / 'static'}/",
        "/srv/media/": f"{tmp_path / 'media'}/",
        "pid /var/run/nginx.pid;": f"pid {tmp_path / 'nginx.pid'};",
        "listen 80 ": f"listen 127.0.0.1:{http_port} ",
        "listen 443 ": f"listen 127.0.0.1:{https_port} ",
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "nginx.conf"
    path.write_text(text, encoding="utf-8")
    return path
