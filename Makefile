# The two commands: `make run` (the whole system with demo data) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint format clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else "需要 Python 3.11 或更高版本")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput

run: setup
	DJANGO_DEBUG=true $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "检务督察管理系统：http://$(HOST):$(PORT)/    （Ctrl-C 停止网站、Celery worker 和 beat）"
	@echo ""
	DJANGO_DEBUG=true HOST=$(HOST) PORT=$(PORT) $(BIN)/honcho start -f Procfile

test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf var/broker var/static var/test-artifacts
