#!/usr/bin/env bash
# Install what the suite needs on a Debian machine: system packages (when root and missing),
# a virtualenv with the suite and its test extras, and the compiled message catalogues.
set -euo pipefail
cd "$(dirname "$0")/.."

want_system=("$@")  # e.g. "test" also installs what the browser and PDF tests need
missing=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in fonts-noto-cjk libharfbuzz-subset0 poppler-utils; do
  have_pkg "$pkg" || missing+=("$pkg")
done
if [[ " ${want_system[*]:-} " == *" test "* ]]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "provision: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "provision: missing Debian packages (run as root to install): ${missing[*]}" >&2
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]"
.venv/bin/pybabel -q compile -d suite/translations
echo "provision: ready"
