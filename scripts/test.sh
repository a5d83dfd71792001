#!/usr/bin/env bash
# The whole test suite. Prints Jest's report, then the totals on a line of their own.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap-tools.sh >/dev/null
mkdir -p test-results
# Prisma 7's client loads its query compiler with dynamic import(), which Jest's VM only
# allows with this flag.
export NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}"
npx jest --json --outputFile=test-results/jest.json "$@"
rc=$?
node -e '
const r = require("./test-results/jest.json");
const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
console.log(`${r.numPassedTests} passed, ${failed} failed`);
'
exit $rc
