#!/usr/bin/env bash
# Runs every test of the solution on a fresh Debian machine that has only the .NET SDK.
# Installs what the tests need (PostgreSQL server binaries) when it is missing; the tests themselves
# start a throwaway PostgreSQL on loopback and stop it again (or use $GRANARY_TEST_POSTGRES if set).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

have_postgres() {
  command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

if [[ -z "${GRANARY_TEST_POSTGRES:-}" ]] && ! have_postgres; then
  echo "tests/run.sh: installing PostgreSQL (apt)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
  # The Debian package starts a system cluster; the tests bring their own, so stop it again.
  as_root pg_ctlcluster --force "$(ls /etc/postgresql | head -n1)" main stop 2>/dev/null || true
fi

dotnet build Orleans.sln -c Release -nologo --verbosity quiet
dotnet test Orleans.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
