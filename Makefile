# Las dos órdenes del README: `make run` y `make test`. Todo lo que necesitan se instala
# desde aquí: un Python 3.11 del sistema basta.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .uv/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test instalar lint servidor

$(UV):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Se necesita Python 3.11 o posterior"'
	$(PYTHON) -m venv .uv || { echo "Instale el paquete python3-venv (apt-get install python3-venv)"; exit 1; }
	.uv/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.instalado: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

instalar: $(VENV)/.instalado

run: instalar
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	@echo "Abra http://127.0.0.1:8000/ (los correos quedan en var/correo/)"
	$(PY) manage.py runserver 127.0.0.1:8000

lint: instalar
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .

test: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest
