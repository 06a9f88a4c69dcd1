.PHONY: run test install bench bench-province fuzz messages

# Set everything up and serve the demo county at http://127.0.0.1:5000
run:
	bash scripts/run.sh

# Every test, on SQLite and on a throwaway PostgreSQL (installs what it needs)
test:
	bash scripts/test.sh

install:
	bash scripts/provision.sh

bench:
	bash scripts/provision.sh && .venv/bin/python -m bench

# The API fuzz run with many more generated requests per operation than the test command's
fuzz:
	bash scripts/provision.sh test && FUZZ_EXAMPLES=150 .venv/bin/python -m pytest -q tests/e2e/test_api_fuzz.py

# Refresh the message catalogue after changing user-facing strings
messages:
	.venv/bin/pybabel -q extract -F babel.cfg -k _l -k N_ -k _label -k _number --ignore-dirs=".venv tests bench build" -o suite/translations/messages.pot .
	.venv/bin/pybabel -q update -i suite/translations/messages.pot -d suite/translations -l zh_Hans_CN

# The ledger, roster import and reconciliation at province scale (20 counties) on PostgreSQL,
# beside one county; BENCH_PROVINCE_COUNTIES=2 for a quick check. Tens of minutes at full size.
bench-province:
	bash scripts/provision.sh && nice -n 10 .venv/bin/python -m bench province
