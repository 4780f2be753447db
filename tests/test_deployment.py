"""The deployment files say what they mean: docker-compose.yml, Dockerfile, .env.example and the settings.

Docker is not needed: the compose file is read as YAML, every command it runs is checked against the
virtualenv, Django's management commands and the Celery app. tests/test_deployment_running.py runs them.
"""

import importlib
import ipaddress
import json
import re
import runpy
import shlex
import sys
from pathlib import Path
from urllib.parse import urlsplit

from deployment_files import (
    ROOT,
    VENV_BIN,
    app_services,
    clean_env,
    commands_of,
    compose,
    dockerfile,
    production_env,
    run,
    volume_mounts,
)
from django.core.management import get_commands, load_command_class
from django.core.management.base import CommandError

REQUIRED_SERVICES = {"postgres", "redis", "web", "worker", "beat", "nginx"}


def _manage_py_problems(argv: list[str]) -> list[str]:
    name, options = argv[2], argv[3:]
    commands = get_commands()
    if name not in commands:
        return [f"`manage.py {name}` is not a management command"]
    parser = load_command_class(commands[name], name).create_parser("manage.py", name)
    try:
        parser.parse_args(options)
    except (CommandError, SystemExit) as error:
        return [f"`manage.py {name}` refuses its options {options}: {error}"]
    return []


def _command_problems(argv: list[str], tmp_path: Path) -> list[str]:
    program, args = argv[0], argv[1:]
    if not (VENV_BIN / program).exists():
        return [f"{program} is not in the virtualenv ({VENV_BIN})"]
    if program == "python" and args[0] == "manage.py":
        return _manage_py_problems(argv)
    if program == "python":
        return [] if (ROOT / args[0]).is_file() else [f"python runs {args[0]}, which does not exist"]
    if program == "gunicorn":
        module, attribute = args[-1].split(":")
        if not callable(getattr(importlib.import_module(module), attribute, None)):
            return [f"gunicorn serves {args[-1]}, which is not a WSGI callable"]
        # --check-config reads the configuration file and loads the application, as the container would.
        result = run([str(VENV_BIN / "gunicorn"), *args, "--check-config"], production_env(tmp_path))
        return [] if result.returncode == 0 else [f"gunicorn {args}: {result.stdout}{result.stderr}"]
    if program == "celery":
        from celery import Celery
        from celery.app.utils import find_app

        if not isinstance(find_app(args[args.index("-A") + 1]), Celery):
            return [f"celery {args}: the -A module has no Celery app"]
        # --help after the real arguments: click rejects an unknown option before it prints the help.
        result = run([str(VENV_BIN / "celery"), *args, "--help"], clean_env(PROCURACY_VAR_DIR=str(tmp_path)))
        return [] if result.returncode == 0 else [f"celery {args}: {result.stderr}"]
    return [f"nothing checks what `{' '.join(argv)}` runs"]


# --- docker-compose.yml


def test_compose_file_has_the_services_a_deployment_needs():
    # given the compose file
    services = compose()["services"]

    # then the six services are there, plus the one-shot migrate that the long-running ones wait for
    assert REQUIRED_SERVICES <= set(services)
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert services["postgres"]["image"].startswith("postgres:15")
    # not PostgreSQL's 128 MB, with which the deadline scan's writes at a province's scale write out pages themselves
    assert services["postgres"]["command"] == ["postgres", "-c", "shared_buffers=1GB"]
    assert services["redis"]["image"].startswith("redis:7")
    assert commands_of(services["web"])[0][0] == "gunicorn"
    assert commands_of(services["worker"])[0][:4] == ["celery", "-A", "procuracy", "worker"]


def test_exactly_one_celery_beat_runs():
    # given the services that run celery beat
    services = compose()["services"]
    beats = {name for name, service in app_services(compose()).items() if "beat" in commands_of(service)[0]}

    # then there is one, never replicated, and no worker runs an embedded beat (-B) beside it
    assert beats == {"beat"}
    beat = services["beat"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1
    assert beat.get("scale", 1) == 1
    worker_argv = commands_of(services["worker"])[0]
    assert "-B" not in worker_argv and "--beat" not in worker_argv


def test_every_command_the_compose_file_runs_exists(tmp_path):
    # given every command our image runs in compose: service commands and healthchecks
    commands = []
    for service in app_services(compose()).values():
        commands += commands_of(service)
        if "healthcheck" in service:
            test = service["healthcheck"]["test"]
            # After "CMD"; a CMD-SHELL line is one command here (none of ours chains several).
            commands.append(shlex.split(test[1]) if test[0] == "CMD-SHELL" else test[1:])

    # when each is checked against the virtualenv, Django's management commands and the Celery app
    problems = [problem for argv in commands for problem in _command_problems(argv, tmp_path)]

    # then all of them would start
    assert {argv[0] for argv in commands} >= {"gunicorn", "celery", "python"}
    assert problems == []


def test_the_services_check_what_they_depend_on():
    # given the healthchecks
    services = compose()["services"]

    # then postgres is asked with pg_isready, redis with a ping, web through /healthz
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "/healthz" in (ROOT / "deploy" / "healthcheck.py").read_text(encoding="utf-8")
    # and the worker answers a ping addressed to its own node, beat shows that its loop still turns
    worker = shlex.split(services["worker"]["healthcheck"]["test"][1])
    assert worker[:5] == ["celery", "-A", "procuracy", "inspect", "ping"]
    assert worker[worker.index("--destination") + 1] == "celery@$HOSTNAME"
    assert services["beat"]["healthcheck"]["test"] == ["CMD", "python", "deploy/beat_healthcheck.py"]
    assert services["nginx"]["depends_on"]["web"]["condition"] == "service_healthy"
    for name in ("web", "worker", "beat", "migrate"):
        assert services[name]["depends_on"]["postgres"] == {"condition": "service_healthy"}
        assert services[name]["depends_on"]["redis"] == {"condition": "service_healthy"}


def test_every_file_the_deployment_names_exists():
    # given the repository paths named by the compose file and the Dockerfile
    spec = compose()
    named = {"Dockerfile", ".env.example"}  # .env itself is the operator's copy of .env.example
    for service in spec["services"].values():
        if "build" in service:
            named.add(service["build"]["context"])
        named |= {source for source in volume_mounts(service).values() if source.startswith(("./", "/"))}
        for argv in commands_of(service) if "build" in service else []:
            named |= {arg for arg in argv if arg.startswith("deploy/")}
    for _instruction, arguments in re.findall(r"^(COPY|ADD)\s+(.+)$", dockerfile(), re.M):
        named |= {source for source in arguments.split()[:-1] if not source.startswith("--")}

    # then each of them is in the repository
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert missing == []
    assert {"./deploy/nginx.conf", "deploy/gunicorn.conf.py", "requirements.txt"} <= named


def test_volumes_hold_the_data_and_the_services_agree_on_their_paths():
    # given the compose file and what the application reads
    spec = compose()
    services = spec["services"]
    nginx = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")

    # then the data lives in named volumes
    assert {"postgres-data", "media", "static", "var"} <= set(spec["volumes"])
    assert volume_mounts(services["postgres"])["/var/lib/postgresql/data"] == "postgres-data"
    # and uploaded files written by the application are the ones nginx's internal location reads
    for name in ("web", "worker", "migrate"):
        assert volume_mounts(services[name])[services[name]["environment"]["MEDIA_ROOT"]] == "media"
        assert volume_mounts(services[name])[services[name]["environment"]["PROCURACY_VAR_DIR"]] == "var"
    protected = re.search(r"location /protected-media/ \{([^}]*)\}", nginx).group(1)
    assert "internal;" in protected
    assert volume_mounts(services["nginx"])[re.search(r"alias (\S+?)/?;", protected).group(1)] == "media"
    # and the static files collected by migrate are the ones nginx serves
    static_alias = re.search(r"location /static/ \{\s*alias (\S+?)/?;", nginx).group(1)
    assert volume_mounts(services["nginx"])[static_alias] == "static"
    assert volume_mounts(services["migrate"])[services["migrate"]["environment"]["STATIC_ROOT"]] == "static"


def test_nginx_proxies_to_the_port_gunicorn_binds():
    # given nginx's upstream and gunicorn's configuration
    nginx = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    upstream_name, upstream = re.search(r"upstream (\w+) \{([^}]*)\}", nginx).groups()
    host, port = re.search(r"server ([\w.-]+):(\d+)", upstream).groups()
    web_argv = commands_of(compose()["services"]["web"])[0]
    config = runpy.run_path(str(ROOT / web_argv[web_argv.index("--config") + 1]))

    # then nginx sends requests to the web service on the port gunicorn listens on
    assert f"proxy_pass http://{upstream_name};" in nginx
    assert host == "web"
    assert config["bind"] == [f"0.0.0.0:{port}"]


def test_the_audit_log_believes_only_nginx_about_the_client_address():
    # given nginx's fixed address on the compose network and what the application trusts
    spec = compose()
    nginx_address = ipaddress.ip_address(spec["services"]["nginx"]["networks"]["backend"]["ipv4_address"])
    network = spec["networks"]["backend"]["ipam"]["config"][0]
    nginx = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")

    # then every application service trusts exactly that address
    for service in app_services(spec).values():
        assert service["environment"]["DJANGO_TRUSTED_PROXIES"] == str(nginx_address)
    # and the address is nginx's for good: inside the subnet, outside the range Docker hands out
    assert nginx_address in ipaddress.ip_network(network["subnet"])
    assert nginx_address not in ipaddress.ip_network(network["ip_range"])
    # and nginx passes on the address it saw and the scheme the browser used
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx


def test_migrate_runs_as_the_owner_and_the_services_as_a_role_that_cannot_rewrite_the_audit_log():
    # given the compose file
    spec = compose()
    services = spec["services"]
    postgres = services["postgres"]["environment"]
    migrate = services["migrate"]["environment"]

    # then migrate connects as the tables' owner and names the application's role, which it grants after migrating
    owner = urlsplit(migrate["DATABASE_URL"])
    assert owner.username == postgres["POSTGRES_USER"] and owner.password == postgres["POSTGRES_PASSWORD"]
    app_role = migrate["DATABASE_APP_ROLE"]
    assert app_role == postgres["DATABASE_APP_ROLE"] != owner.username
    # and web, worker and beat connect as that role, with the password the postgres container gives it
    for name in ("web", "worker", "beat"):
        url = urlsplit(services[name]["environment"]["DATABASE_URL"])
        assert (url.username, url.password) == (app_role, postgres["DATABASE_APP_PASSWORD"])
        assert "DATABASE_APP_ROLE" not in services[name]["environment"]
    # and the postgres container creates the role when it initialises an empty data directory
    assert volume_mounts(services["postgres"])["/docker-entrypoint-initdb.d"] == "./deploy/postgres"
    assert (ROOT / "deploy" / "postgres" / "10-app-role.sh").stat().st_mode & 0o111
    # and migrate checkpoints the audit chain's head right after migrating, under the key from .env
    steps = [argv[2] for argv in commands_of(services["migrate"]) if argv[:2] == ["python", "manage.py"]]
    assert steps.index("audit_checkpoint") == steps.index("migrate") + 1
    for service in app_services(spec).values():
        assert service["environment"]["AUDIT_HMAC_KEY"] == "requiredaudit_hmac_key"


# --- Dockerfile and .dockerignore


def test_image_installs_runtime_requirements_collects_static_and_runs_unprivileged():
    # given the Dockerfile
    text = dockerfile()
    instructions = re.findall(r"^([A-Z]+)\s+(.*(?:\\\n.*)*)", text, re.M)

    # then it starts from Python 3.11 slim and installs requirements.txt, never the test extras
    assert instructions[0] == ("FROM", "python:3.11-slim")
    assert re.search(r"pip install .*--requirement /tmp/requirements.txt", text)
    assert "requirements-dev" not in text
    # and collects static files with the production profile and a throwaway key
    collect = next(body for kind, body in instructions if kind == "RUN" and "collectstatic" in body)
    assert "DJANGO_SECRET_KEY=" in collect
    production_set_before = text.index("DJANGO_PROFILE=production") < text.index("collectstatic")
    assert production_set_before
    # and runs as somebody other than root
    user = [body for kind, body in instructions if kind == "USER"][-1]
    assert user.split(":")[0] not in {"root", "0"}


def test_image_leaves_out_local_state_and_secrets():
    # given .dockerignore
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()}

    # then the virtualenv, local state, history and secrets stay out of the image
    assert {".venv", "var", ".git", ".env", "deploy/certs", "test-artifacts", "**/__pycache__"} <= ignored


# --- settings


def test_production_profile_passes_the_deploy_check(tmp_path):
    # given the production profile with a strong key and a host name
    env = production_env(tmp_path)

    # when Django's deployment check runs
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    # then it reports nothing
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output and "?:" not in output


_PRINT_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "database": settings.DATABASES["default"],
    "broker": settings.CELERY_BROKER_URL,
    "cache": settings.CACHES["default"]["BACKEND"],
    "secret_key": settings.SECRET_KEY,
    "var_dir": str(settings.VAR_DIR),
    "debug": settings.DEBUG,
}, default=str))
"""


def load_settings(env: dict[str, str]) -> dict:
    result = run([sys.executable, "-c", _PRINT_SETTINGS], {**env, "DJANGO_SETTINGS_MODULE": "procuracy.settings"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_development_defaults_need_no_server():
    # given an environment that names no server at all
    # when the settings load
    loaded = load_settings(clean_env())

    # then the database is a SQLite file and the broker a folder, both under var/, and the cache is in memory
    var = ROOT / "var"
    assert loaded["var_dir"] == str(var)
    assert loaded["database"]["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(loaded["database"]["NAME"]) == var / "db.sqlite3"
    assert loaded["broker"].startswith("filesystem://")
    assert (var / "broker" / "queue").is_dir()
    assert loaded["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert loaded["debug"] is False
    # and the secret key is the one kept in var/
    assert loaded["secret_key"] == (var / "secret_key").read_text(encoding="utf-8").strip()


def test_secret_key_is_generated_once_and_kept(tmp_path):
    # given a fresh var/ folder and no key in the environment
    env = clean_env(PROCURACY_VAR_DIR=str(tmp_path))

    # when the settings load twice
    first = load_settings(env)
    second = load_settings(env)

    # then a strong key was written, readable only by its owner, and the second start reuses it
    key_file = tmp_path / "secret_key"
    assert len(first["secret_key"]) >= 50
    assert key_file.read_text(encoding="utf-8").strip() == first["secret_key"] == second["secret_key"]
    assert key_file.stat().st_mode & 0o777 == 0o600


# --- .env.example and the documentation


def _variables_read_by_the_code() -> set[str]:
    names = set(re.findall(r"\$\{(\w+)", (ROOT / "docker-compose.yml").read_text(encoding="utf-8")))
    settings_text = (ROOT / "procuracy" / "settings.py").read_text(encoding="utf-8")
    names |= set(re.findall(r"\b(?:env|Env\(\))\.\w+\(\s*\"([A-Z][A-Z0-9_]+)\"", settings_text))
    for path in ("deploy/gunicorn.conf.py", "deploy/healthcheck.py"):
        names |= set(re.findall(r"os\.environ\.get\(\"([A-Z][A-Z0-9_]+)\"", (ROOT / path).read_text(encoding="utf-8")))
    return names


def test_env_example_documents_every_variable():
    # given the variables the settings, gunicorn, the healthcheck and the compose file read
    read = _variables_read_by_the_code()
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))

    # then .env.example names every one of them, and the deployment guide's table too
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_TRUSTED_PROXIES"} <= read
    assert read - documented == set()
    guide = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    assert {name for name in documented if f"`{name}`" not in guide} == set()


def test_every_service_rotates_its_log():
    # given the compose file as written (the anchor) and as Docker reads it
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    services = compose()["services"]

    # then one rotation policy is shared by every service, so no log grows until the disk is full
    assert "x-logging: &logging" in text
    for name, service in services.items():
        logging = service.get("logging", {})
        assert logging.get("driver") == "json-file", name
        assert logging["options"]["max-size"] and int(logging["options"]["max-file"]) >= 2, name


def test_the_backup_service_runs_the_backup_script_daily_into_its_own_volume():
    # given the backup and restore services
    spec = compose()
    backup, restore = spec["services"]["backup"], spec["services"]["restore"]
    script = "./deploy/backup.sh"

    # then backup runs deploy/backup.sh every day, reading the media volume and writing the backups volume
    assert backup["image"].startswith("postgres:15")  # pg_dump of the server's own version
    mounts = volume_mounts(backup)
    script_path = next(target for target, source in mounts.items() if source == script)
    assert backup["command"] == ["sh", script_path, "daily"]
    assert mounts["/srv/media"] == "media" and mounts["/backups"] == "backups" and "backups" in spec["volumes"]
    assert ":ro" in next(entry for entry in backup["volumes"] if entry.startswith("media:"))
    env = backup["environment"]
    assert env["PGHOST"] == "postgres" and env["BACKUP_DIR"] == "/backups" and env["MEDIA_DIR"] == "/srv/media"
    assert int(env["BACKUP_RETENTION_DAYS"]) >= 1
    assert backup["depends_on"]["postgres"] == {"condition": "service_healthy"}
    # and restore is the same script, started only on demand, writing media and only reading the backups
    assert restore["profiles"] == ["restore"] and restore["entrypoint"] == ["sh", script_path]
    assert volume_mounts(restore)["/srv/media"] == "media" and "backups:/backups:ro" in restore["volumes"]
    assert restore["environment"] == env
