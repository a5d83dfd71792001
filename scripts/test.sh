#!/usr/bin/env bash
# The whole test suite. Prints Jest's report, then the totals on a line of their own.
# Extra arguments go to Jest (e.g. a path pattern) in both runs below.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap-tools.sh >/dev/null
mkdir -p test-results
rm -f test-results/jest-*.json

# Prisma 7's client loads its query compiler with dynamic import(), which Jest's VM only
# allows with --experimental-vm-modules. The same flag makes Jest load Angular's .mjs
# bundles as native ESM, which breaks jest-preset-angular: the Angular unit tests
# (project web-responder) therefore run in a second Jest run without it.
NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}" npx jest \
  --selectProjects server web-responder-e2e web-analytics web-analytics-e2e \
  --passWithNoTests --json --outputFile=test-results/jest-main.json "$@"
rc_main=$?
npx jest --selectProjects web-responder --passWithNoTests --json --outputFile=test-results/jest-angular.json "$@"
rc_angular=$?

node -e '
const fs = require("fs");
let passed = 0, failed = 0;
for (const f of ["test-results/jest-main.json", "test-results/jest-angular.json"]) {
  // A run that crashed before writing its report counts as one failure.
  if (!fs.existsSync(f)) { failed += 1; continue; }
  const r = JSON.parse(fs.readFileSync(f, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
}
console.log(`${passed} passed, ${failed} failed`);
'
[ "$rc_main" -eq 0 ] && [ "$rc_angular" -eq 0 ]
