import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '../../server/errors';
import { WEBHOOK_EVENT_TYPES } from '../../server/shared/event-types';

/** The README names the same webhook events and error codes as the server (it had lost one event). */
const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

test('the README lists exactly the webhook event types the server delivers', () => {
  const start = readme.indexOf('- Event types: ');
  expect(start).toBeGreaterThan(0);
  const paragraph = readme.slice(start, readme.indexOf('\n- ', start + 1));
  const listed = [...paragraph.slice(0, paragraph.indexOf('(an empty')).matchAll(/`([a-z_]+\.[a-z_]+)`/g)].map((m) => m[1]);
  expect([...listed].sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
});

test('the README\'s error table has a row for every ErrorCode', () => {
  const table = readme.slice(readme.indexOf('### Errors'), readme.indexOf('## HTTP endpoints for services'));
  const codes = new Set([...table.matchAll(/^\| ([^|]+) \|/gm)].flatMap((m) => [...m[1]!.matchAll(/`([A-Z_]+)`/g)].map((c) => c[1])));
  expect(Object.values(ErrorCode).filter((code) => !codes.has(code))).toEqual([]);
});
