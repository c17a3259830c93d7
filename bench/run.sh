#!/usr/bin/env bash
# Runs one benchmark scenario: bash bench/run.sh <scenario> [--seconds N] [--warmup N] [--workers N] ...
#                              bash bench/run.sh --list
# Builds Release once, then runs the load generator, which prints its RESULT lines last.
# Exits 0 whenever the scenario ran (targets met or not), 2 for an unknown scenario or bad option,
# other non-zero codes when it could not build or run.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$repo/bench/Granary.Benchmarks/Granary.Benchmarks.csproj"
dll="$repo/bench/Granary.Benchmarks/bin/Release/net10.0/Granary.Benchmarks.dll"

if [[ $# -eq 0 ]]; then
    echo "usage: bash bench/run.sh <scenario> [--seconds N] | --list" >&2
    exit 2
fi

# Build quietly: the log is shown only when the build fails.
build_log="$(mktemp)"
if ! dotnet build "$project" -c Release -nologo --verbosity quiet >"$build_log" 2>&1; then
    cat "$build_log" >&2
    rm -f "$build_log"
    echo "bench/run.sh: the Release build failed" >&2
    exit 1
fi
rm -f "$build_log"

# The program knows the scenarios: it lists them, rejects unknown ones with exit code 2, and
# starts (and stops) everything the scenario needs itself.
exec dotnet "$dll" "$@"
