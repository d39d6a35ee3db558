# Thin wrappers: the scripts do the work, so `make X` and `./scripts/X.sh` behave the same.
# Pass arguments with ARGS, e.g. make test ARGS="-k qt_binding", make run ARGS="--library x.sqlite".
.PHONY: run test lint screenshots perf reliability

run:
	bash scripts/run.sh $(ARGS)

test:
	bash scripts/test.sh $(ARGS)

lint:
	bash scripts/bootstrap.sh
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
	for f in scripts/*.sh .ci/run; do bash -n "$$f" || exit 1; done

screenshots:
	bash scripts/bootstrap.sh
	.venv/bin/python -m ui.shell.screenshots resources/screenshots

perf:
	bash scripts/perf.sh $(ARGS)

reliability:
	bash scripts/reliability.sh $(ARGS)
