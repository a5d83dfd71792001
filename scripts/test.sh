#!/usr/bin/env bash
# The whole test suite. Prints Jest's report, then the totals on a line of their own.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap-tools.sh >/dev/null
mkdir -p test-results
npx jest --json --outputFile=test-results/jest.json "$@"
rc=$?
node -e '
const r = require("./test-results/jest.json");
const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
console.log(`${r.numPassedTests} passed, ${failed} failed`);
'
exit $rc
