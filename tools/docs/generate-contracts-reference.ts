// Writes docs/reference/events.md from the event contracts in libs/contracts.
// Usage: npm run docs:contracts            (rewrite the page)
//        npm run docs:contracts -- --check (exit 1 if the committed page is stale; for CI)
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EVENTS_REFERENCE_PATH, renderEventsReference } from '@gatehouse/contracts';

const workspaceRoot = join(__dirname, '..', '..');
const target = join(workspaceRoot, EVENTS_REFERENCE_PATH);
const rendered = renderEventsReference();

if (process.argv.includes('--check')) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== rendered) {
    process.stderr.write(`${EVENTS_REFERENCE_PATH} is stale: run npm run docs:contracts\n`);
    process.exit(1);
  }
  process.stdout.write(`${EVENTS_REFERENCE_PATH} is up to date\n`);
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, rendered);
  process.stdout.write(`wrote ${EVENTS_REFERENCE_PATH}\n`);
}
