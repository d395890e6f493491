# Học vụ số Kiosk — one verb per task. Every target sets up what it needs first.
PY      := .venv/bin/python
export QT_LOGGING_RULES ?= qt.multimedia.*=false;qt.qpa.*=false

.PHONY: run test check bench screenshots doctor setup setup-dev clean

setup:
	@bash tools/setup.sh

setup-dev:
	@bash tools/setup.sh --dev

## Start the kiosk (embedded SQLite, bundled lessons). With no screen it starts on Xvfb and says so.
run: setup
	$(PY) main.py --windowed

## The whole test suite (headless; starts its own CUPS queue and PostgreSQL server).
test: setup-dev
	$(PY) -m pytest -q -p no:cacheprovider

## Lint, types and the layer contracts (Qt never imported by kiosk/ or lessons/).
check: setup-dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
	.venv/bin/lint-imports

## Benchmarks: each prints its figure.
bench: setup-dev
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

screenshots: setup
	$(PY) main.py screenshots docs/screenshots

doctor: setup
	$(PY) main.py doctor

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache
