import { buildSchema, GraphQLEnumType } from 'graphql';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EXPLANATIONS } from '../../console/src/api/errors';
import { ErrorCode } from '../../server/errors';
import { EVENT_TYPES, eventTypeEnumName, SUBJECT_TYPES, WEBHOOK_EVENT_TYPES } from '../../server/shared/event-types';

/**
 * The console and the server share error codes, event names and subject types; the console keeps
 * no copy of its own. These fail when a copy comes back or when the published schema and the
 * server's lists part ways.
 */
const root = join(__dirname, '..', '..');
const schema = buildSchema(readFileSync(join(root, 'schema.graphql'), 'utf8'));
const enumValues = (name: string): string[] => (schema.getType(name) as GraphQLEnumType).getValues().map((v) => v.name).sort();

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'gql' ? [] : sourcesUnder(path);
    return /\.(ts|tsx)$/.test(entry) ? [path] : [];
  });
}

describe('the console and the server share one vocabulary', () => {
  test('schema.graphql names exactly the server\'s error codes, and the console explains exactly those', () => {
    expect(enumValues('ErrorCode')).toEqual(Object.values(ErrorCode).sort());
    expect(Object.keys(EXPLANATIONS).sort()).toEqual([...Object.values(ErrorCode), 'NETWORK'].sort());
  });

  test('the WebhookEventType enum of schema.graphql is the server\'s list of webhook events, one value per dotted name', () => {
    expect(enumValues('WebhookEventType')).toEqual(WEBHOOK_EVENT_TYPES.map(eventTypeEnumName).sort());
    // Two names never share an enum value.
    expect(new Set(EVENT_TYPES.map(eventTypeEnumName)).size).toBe(EVENT_TYPES.length);
  });

  test('no console source spells an event name or lists subject types itself (it imports server/shared/event-types)', () => {
    const sources = sourcesUnder(join(root, 'console', 'src'));
    expect(sources.length).toBeGreaterThan(20);
    const copies: string[] = [];
    for (const path of sources) {
      const text = readFileSync(path, 'utf8');
      const file = relative(root, path);
      for (const name of EVENT_TYPES) if (new RegExp(`['"\`]${name.replace('.', '\\.')}['"\`]`).test(text)) copies.push(`${file}: ${name}`);
      // A list of subject types: three or more of them quoted in one array.
      const quotedSubjects = SUBJECT_TYPES.filter((subject) => new RegExp(`\\[[^\\]]*['"]${subject}['"][^\\]]*\\]`).test(text));
      if (quotedSubjects.length >= 3) copies.push(`${file}: subject types ${quotedSubjects.join(', ')}`);
    }
    expect(copies).toEqual([]);
  });
});
