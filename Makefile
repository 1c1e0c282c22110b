# Two entry points: `make run` (set up and serve the app) and `make test` (set up and run every test).
# Each setup step leaves a stamp file, so a second run skips what is already done.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
BUN := $(CURDIR)/tools/node_modules/@oven/bun-linux-x64/bin/bun
PORT ?= 3000

# Reflex would fetch bun from a host these machines cannot reach; it uses ours instead.
export REFLEX_BUN_PATH := $(BUN)
export REFLEX_TELEMETRY_ENABLED := false
export NPM_CONFIG_REGISTRY := $(shell npm config get registry 2>/dev/null)
export PATH := $(CURDIR)/$(VENV)/bin:$(dir $(BUN)):$(PATH)

.PHONY: run test check setup system-deps screenshots bench load retention

setup: $(VENV)/.installed tools/node_modules/.installed assets/pose/.built

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

tools/node_modules/.installed: tools/package.json tools/package-lock.json
	cd tools && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

assets/pose/.built: tools/node_modules/.installed scripts/build_pose_assets.py $(VENV)/.installed
	$(PY) scripts/build_pose_assets.py --node-modules tools/node_modules --out assets/pose
	touch $@

# With Redis, Reflex would start 2 x cores + 1 backend workers; cores + 1 serve more uploads
# per second and shorter tails on small machines (docs/OPERATIONS.md, section 6).
ifdef REFLEX_REDIS_URL
export GRANIAN_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
endif

run: setup
	mkdir -p data
	$(VENV)/bin/reflex run --env prod --frontend-port $(PORT) --backend-port $(PORT)

# Browser tests need Debian's chromium, ffmpeg (for the fake camera) and poppler-utils (to read
# the printed record's PDF); install them if missing.
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v ffmpeg >/dev/null || ! command -v pdftotext >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium ffmpeg poppler-utils; \
	fi

# The second pass runs the API, store and fault tests again on PostgreSQL, and the browser
# tests in scale-out mode (Redis state, two workers); both services run on the test machines.
TEST_POSTGRES_URL ?= postgresql+psycopg2://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

# Static checks and the browser code's unit tests: fast, so they run before the long passes.
check: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) -m valgus_pwa.contract
	tools/node_modules/.bin/eslint --max-warnings 0 --config tools/eslint.config.mjs .
	node --test tests/js/

test: setup system-deps check
	env -u VALGUS_DATABASE_URL -u REFLEX_REDIS_URL -u GRANIAN_WORKERS $(PY) -m pytest
	VALGUS_DATABASE_URL=$(TEST_POSTGRES_URL) REFLEX_REDIS_URL=$(TEST_REDIS_URL) \
		$(PY) -m pytest tests/api tests/store tests/faults tests/e2e/test_scale_out.py

screenshots: setup system-deps
	$(PY) scripts/screenshots.py

bench: setup system-deps
	$(PY) bench/capture_fps.py
	$(PY) bench/post_latency.py
	$(PY) bench/pwa_bytes.py
	$(PY) bench/lighthouse.py

# 32 clients x 60 s of 900-frame uploads against `make run`, on SQLite and PostgreSQL.
load: setup
	$(PY) bench/load.py

# Deletes assessments whose share link has expired; run it periodically (docs/OPERATIONS.md).
retention: setup
	$(PY) -m valgus_pwa.store.retention
