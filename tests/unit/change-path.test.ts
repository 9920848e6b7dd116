import { EVENT_TYPES } from '../../server/events/event-types';
import { serverSources } from '../helpers/sources';

/**
 * Guards of the one change path (issue 11) over the server's source: a key's status is written
 * only by KeyLifecycle, and every declared event type is recorded somewhere (none is dead).
 */

describe('the one change path', () => {
  const files = serverSources();

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
