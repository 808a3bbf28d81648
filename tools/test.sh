#!/usr/bin/env bash
# Runs FerEdge's whole test suite on Debian 12: installs what the tests need (tools/setup.sh), builds the solution,
# starts the external MQTT broker the integration tests use, runs every test project, and ends with the line
# "N passed, N failed". Exits non-zero when any test fails or no test ran.
set -euo pipefail

# Root installs the packages: as a user, the script runs itself again through sudo (asking once); as root (where
# sudo may not exist) it simply goes on.
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { printf '%s: error: run this as root, or install sudo\n' "test" >&2; exit 1; }
  exec sudo --preserve-env=FEREDGE_SHARED,FEREDGE_ROOT,PATH,DOTNET_ROOT bash "${BASH_SOURCE[0]}" "$@"
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash tools/setup.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export FEREDGE_ROOT="$root"
export FEREDGE_SHARED="${FEREDGE_SHARED:-$(cd "$root/.." && pwd)/shared}"
[ -d "$FEREDGE_SHARED/data" ] || { echo "test: shared data not found at $FEREDGE_SHARED/data" >&2; exit 1; }

log_dir="$root/artifacts/test"
mkdir -p "$log_dir"
log="$log_dir/dotnet-test.log"

echo "test: building (Release)"
dotnet build FerEdge.sln -c Release -nologo -v q -clp:ErrorsOnly > "$log_dir/build.log" 2>&1 \
  || { cat "$log_dir/build.log"; echo "0 passed, 1 failed"; exit 1; }

echo "test: running tests"
set +e
dotnet test --solution FerEdge.sln -c Release --no-build --results-directory "$log_dir/results" 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
set -e

# The platform's summary: "total: N", "failed: N", "succeeded: N", "skipped: N".
field() { grep -E "^\s+$1: [0-9]+" "$log" | tail -1 | grep -oE '[0-9]+' || echo 0; }
total=$(field total); failed=$(field failed); passed=$(field succeeded); skipped=$(field skipped)

echo "$passed passed, $failed failed, $skipped skipped"
# Exit code 8 is "a test project ran zero tests": allowed while other projects ran tests.
if [ "$failed" -ne 0 ] || [ "$total" -eq 0 ] || { [ "$code" -ne 0 ] && [ "$code" -ne 8 ]; }; then
  exit 1
fi
