.PHONY: run test install bench messages

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

# Refresh the message catalogue after changing user-facing strings
messages:
	.venv/bin/pybabel -q extract -F babel.cfg -k _l -k N_ --ignore-dirs=".venv tests bench build" -o suite/translations/messages.pot .
	.venv/bin/pybabel -q update -i suite/translations/messages.pot -d suite/translations -l zh_Hans_CN
