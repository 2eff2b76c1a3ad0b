// Prints vitest's JSON report as one closing line, "N passed, M failed, K skipped",
// which CI reads to know how many tests ran.
import fs from 'node:fs';

const file = process.argv[2] ?? 'test-output/vitest.json';
if (!fs.existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error(`no test report at ${file}: the test run did not get as far as running tests`);
  process.exit(1);
}
const r = JSON.parse(fs.readFileSync(file, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
