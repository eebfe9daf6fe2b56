// Sums the jest JSON reports of one test run into the closing line "N passed, N failed".
// Exits non-zero when a report is unreadable, a suite failed to run, or no test ran at all.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
const reports = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let passed = 0;
let failed = 0;
let skipped = 0;
let brokenSuites = 0;
for (const file of reports.sort()) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  brokenSuites += report.numRuntimeErrorTestSuites;
  console.log(
    `  ${file.replace(/\.json$/, '').padEnd(28)} ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
  );
}
if (brokenSuites > 0) console.log(`${brokenSuites} test suite(s) failed to run`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || brokenSuites > 0 || passed === 0 ? 1 : 0);
