import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EVENT_TYPES } from '../../server/events/event-types';

/**
 * Guards of the one change path (issue 11) over the server's source: a key's status is written
 * only by KeyLifecycle, and every declared event type is recorded somewhere (none is dead).
 */

const SERVER = join(__dirname, '..', '..', 'server');

function sources(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : sources(path);
    return path.endsWith('.ts') ? [{ file: relative(SERVER, path), text: readFileSync(path, 'utf8') }] : [];
  });
}

describe('the one change path', () => {
  const files = sources(SERVER);

  it('writes a key\'s status only in api-keys/key-lifecycle.ts', () => {
    const writers = files
      .filter(({ text }) => /update\(\s*ApiKey\s*,[^;]*storedStatus/s.test(text) || /\b(apiKey|key|temporary)\.storedStatus\s*=[^=]/.test(text) || /status\s*=\s*'?(ACTIVE|REVOKED|EXPIRED)'?\s*WHERE[^;]*api_keys/i.test(text))
      .map(({ file }) => file);
    expect(writers).toEqual(['api-keys/key-lifecycle.ts']);
  });

  it('declares no event type that nothing records', () => {
    const code = files.filter(({ file }) => file !== 'events/event-types.ts').map(({ text }) => text).join('\n');
    const dead = EVENT_TYPES.filter((type) => !code.includes(`'${type}'`));
    expect(dead).toEqual([]);
  });
});
