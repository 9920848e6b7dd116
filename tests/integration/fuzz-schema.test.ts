import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isLeafType,
} from 'graphql';
import { ErrorCode } from '../../server/errors';
import { createApiKey, createApplication, createOrganization } from '../helpers/fixtures';
import { startTestServer, TestServer } from '../helpers/server';

/**
 * Every query and mutation of the committed schema, with every argument generated from its type:
 * arbitrary Unicode in every String and ID (lone surrogates, NULs, 300 characters), arbitrary
 * and deeply nested JSON in every JSONObject, arbitrary numbers, dates and lists. Whatever the
 * input, the answer is a documented code, never INTERNAL or a 5xx. Generated from schema.graphql,
 * so a new operation or input field is fuzzed without touching this file.
 */
const schema = buildSchema(readFileSync(join(__dirname, '../../schema.graphql'), 'utf8'));
const DOCUMENTED = new Set<string>(Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL));

/**
 * JSON objects from flat to 20,000 levels deep. JSON.stringify cannot build the deepest ones, so a
 * marker stands in for them and is replaced by the nested text in the request body.
 */
const DEEP_MARKER = /"\\u0000deep:(\d+)\\u0000"/g;
const deepJson = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 60 }), fc.jsonValue({ maxDepth: 2 })).map(([depth, leaf]) => {
    let value: unknown = leaf;
    for (let i = 0; i < depth; i += 1) value = i % 3 === 0 ? [value] : { [`k${i}`]: value };
    return { root: value };
  }),
  fc.integer({ min: 30, max: 20_000 }).map((depth) => ({ root: `\u0000deep:${depth}\u0000` })),
);
const withDeepValues = (body: string): string => body.replace(DEEP_MARKER, (_match, depth: string) => '{"a":'.repeat(Number(depth)) + '1' + '}'.repeat(Number(depth)));
const jsonObject = fc.oneof(fc.dictionary(fc.string({ unit: 'binary', maxLength: 20 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 8 }), { weight: 2, arbitrary: deepJson });

function valueFor(type: GraphQLInputType, known: fc.Arbitrary<string>, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueFor(type.ofType, known, depth);
  const nullable = (arbitrary: fc.Arbitrary<unknown>) => fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 6, arbitrary });
  if (isListType(type)) return nullable(fc.oneof(fc.constant([]), fc.array(valueFor(type.ofType, known, depth + 1), { maxLength: 4 })));
  if (isEnumType(type)) return nullable(fc.constantFrom(...type.getValues().map((v) => v.name)));
  if (isInputObjectType(type)) {
    if (depth > 3) return fc.constant(null);
    const fields = Object.values(type.getFields());
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const field of fields) record[field.name] = valueFor(field.type, known, depth + 1);
    return nullable(fc.record(record, { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) }));
  }
  if (isScalarType(type)) {
    // Plausible values (known ids, short words) often enough that inputs get past validation into the services.
    const text = fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
      { weight: 4, arbitrary: known },
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }) },
      { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x@example.test', 'https://hooks.example.com/h', 'http://127.0.0.1/h', 'https://[::ffff:7f00:1]/', '\u0000', 'sk_test_x') },
    );
    switch (type.name) {
      case 'String':
      case 'ID':
        return nullable(text);
      case 'Int':
        return nullable(fc.oneof(fc.integer(), fc.integer({ min: -5, max: 100 })));
      case 'Float':
        return nullable(fc.double({ noNaN: true, noDefaultInfinity: true }));
      case 'Boolean':
        return nullable(fc.boolean());
      case 'JSONObject':
        return nullable(jsonObject);
      case 'DateTimeISO':
      case 'DateTime':
        return nullable(fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), text));
      default:
        return nullable(fc.oneof(text, fc.integer(), jsonObject));
    }
  }
  return fc.constant(null);
}

function operationOf(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const args = field.args as readonly GraphQLArgument[];
  const declared = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${kind}${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`;
}

describe('every operation of the schema, arbitrary input (property-based)', () => {
  let t: TestServer;
  let known: string[] = [];
  beforeAll(async () => {
    t = await startTestServer('sqlite');
    const org = await createOrganization(t);
    const app = await createApplication(t, org.id);
    const key = await createApiKey(t, app.id);
    known = [org.id, app.id, key.id, key.secret];
  });
  afterAll(async () => t?.close());

  it('never answers INTERNAL or a 5xx', async () => {
    const operations = [
      ...Object.values(schema.getQueryType()!.getFields()).map((field) => ({ kind: 'query' as const, field })),
      ...Object.values(schema.getMutationType()!.getFields()).map((field) => ({ kind: 'mutation' as const, field })),
    ];
    const knownIds = fc.constantFrom(...known);
    const cases = fc.oneof(
      ...operations.map(({ kind, field }) => {
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const arg of field.args) record[arg.name] = valueFor(arg.type, knownIds);
        return fc.record(record).map((variables) => ({ query: operationOf(kind, field), variables }));
      }),
    );
    const token = await t.adminToken();
    await fc.assert(
      fc.asyncProperty(cases, async ({ query, variables }) => {
        const response = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: withDeepValues(JSON.stringify({ query, variables })) });
        const body = (await response.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
        const codes = (body.errors ?? []).map((e) => String(e.extensions?.code));
        expect({ query, status: response.status < 500 ? 'ok' : response.status, undocumented: codes.filter((c) => !DOCUMENTED.has(c)) }).toEqual({ query, status: 'ok', undocumented: [] });
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  });
});
