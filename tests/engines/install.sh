#!/usr/bin/env bash
# Installs what tests/engines/run.py needs to run SQL on real engines
# (tests/sql_engines_harness.rs runs this first):
# - a Python venv at $CARGO_TARGET_DIR/engines-venv (default target/) with
#   the packages requirements.txt pins: duckdb, pyspark, psycopg2-binary;
# - PostgreSQL's server programs (initdb, pg_ctl, postgres) from Debian's
#   `postgresql` package, under /usr/lib/postgresql/*/bin;
# - a Java runtime, 17 or later, for Spark (Debian's default-jre-headless).
# Quick when everything is there already. Prints the venv's python on its
# last line of stdout. Fails loudly, saying what is missing and why, when it
# cannot install a part; it never skips one.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VENV=${CARGO_TARGET_DIR:-$ROOT/target}/engines-venv

fail() {
  echo "install.sh: $*" >&2
  exit 1
}

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
APT_UPDATED=
# apt_install WHAT PACKAGE...: installs Debian packages, or fails saying WHAT needed them.
apt_install() {
  local what=$1
  shift
  command -v apt-get >/dev/null 2>&1 || fail "$what is missing and apt-get is not available to install Debian's $*"
  if [ -n "$SUDO" ] && ! command -v sudo >/dev/null 2>&1; then
    fail "$what is missing; installing Debian's $* needs root (or sudo), and this is user $(id -un)"
  fi
  if [ -z "$APT_UPDATED" ]; then
    echo "install.sh: apt-get update (for $*)" >&2
    $SUDO apt-get update -q >&2 || fail "apt-get update failed: the Debian package index cannot be reached"
    APT_UPDATED=1
  fi
  echo "install.sh: installing Debian's $* ($what)" >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "$@" >&2 \
    || fail "apt-get install $* failed (see the apt-get output above), so $what is missing"
}

# PostgreSQL's server programs: the newest /usr/lib/postgresql/*/bin that has them.
pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}
if ! pg_bin >/dev/null; then
  apt_install "PostgreSQL's server (initdb, pg_ctl, postgres)" postgresql
  pg_bin >/dev/null || fail "apt-get installed postgresql but no /usr/lib/postgresql/*/bin holds initdb, pg_ctl and postgres"
fi
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses root: run.py runs the server as `postgres`.
  id postgres >/dev/null 2>&1 || fail "running as root, PostgreSQL's server must run as the user postgres, which does not exist (Debian's postgresql package creates it)"
  command -v runuser >/dev/null 2>&1 || fail "running as root, run.py needs runuser (Debian's util-linux) to start PostgreSQL as postgres"
fi

# Java 17 or later for Spark 4.
java_major() {
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -n 1
}
if ! command -v java >/dev/null 2>&1; then
  apt_install "a Java runtime for Spark" default-jre-headless
  command -v java >/dev/null 2>&1 || fail "apt-get installed default-jre-headless but java is still not on PATH"
fi
major=$(java_major)
[ -n "$major" ] || fail "cannot read the Java version from \`java -version\`: $(java -version 2>&1 | head -n 1)"
[ "$major" -ge 17 ] || fail "Spark 4 needs Java 17 or later, and \`java -version\` says $major (Debian: apt-get install openjdk-17-jre-headless)"

# The Python packages, reinstalled when requirements.txt changes.
command -v python3 >/dev/null 2>&1 || apt_install "python3 (for run.py)" python3 python3-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
  rm -rf "$VENV"
  if ! python3 -m venv "$VENV" >&2; then
    apt_install "Python's venv module" python3-venv
    python3 -m venv "$VENV" >&2 || fail "python3 -m venv $VENV failed (see above)"
  fi
fi
STAMP=$VENV/xla-requirements.txt
if ! cmp -s "$HERE/requirements.txt" "$STAMP"; then
  echo "install.sh: installing $(grep -v '^#' "$HERE/requirements.txt" | tr '\n' ' ')into $VENV (pip)" >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt" >&2 \
    || fail "pip install -r requirements.txt failed: PyPI cannot be reached, or a pinned version does not install here (see above)"
  cp "$HERE/requirements.txt" "$STAMP"
fi
"$VENV/bin/python" -c 'import duckdb, psycopg2, pyspark' >&2 \
  || fail "the venv $VENV cannot import duckdb, psycopg2 and pyspark (see above); delete it and run again"

echo "$VENV/bin/python"
