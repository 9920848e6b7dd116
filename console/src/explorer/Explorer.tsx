import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';

/**
 * A small GraphQL explorer served with the console: it works offline and under the console's CSP
 * (no CDN, no inline script), with the signed-in session's token. Introspection fills the field
 * list outside production; in production the server refuses it and the list says so.
 */
interface RootField {
  readonly root: 'query' | 'mutation' | 'subscription';
  readonly name: string;
  readonly signature: string;
  readonly description: string | null;
}

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

interface IntrospectedField {
  name: string;
  description: string | null;
  args: Array<{ name: string; type: TypeRef }>;
  type: TypeRef;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
const ROOTS_QUERY = `{ __schema {
  queryType { fields { name description args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } } }
  mutationType { fields { name description args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } } }
  subscriptionType { fields { name description args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } } }
} }`;

const typeName = (type: TypeRef): string => {
  if (type.kind === 'NON_NULL' && type.ofType) return `${typeName(type.ofType)}!`;
  if (type.kind === 'LIST' && type.ofType) return `[${typeName(type.ofType)}]`;
  return type.name ?? '?';
};

const DEFAULT_QUERY = '# Ctrl+Enter runs the operation.\nquery Me {\n  me {\n    email\n    isPlatformAdmin\n  }\n}\n';

async function post(token: string, query: string, variables: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, body: text };
  }
}

export function Explorer({ token }: { token: string }) {
  const [query, setQuery] = useState(DEFAULT_QUERY);
  const [variables, setVariables] = useState('{}');
  const [result, setResult] = useState<string>('');
  const [running, setRunning] = useState(false);
  const [fields, setFields] = useState<RootField[] | null>(null);
  const [schemaNote, setSchemaNote] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    post(token, ROOTS_QUERY, {}).then(
      ({ body }) => {
        if (cancelled) return;
        const schema = (body as { data?: { __schema?: Record<string, { fields: IntrospectedField[] } | null> } }).data?.__schema;
        if (!schema) {
          setSchemaNote('Introspection is off on this server (production): the field list is not available. See schema.graphql.');
          return;
        }
        const list: RootField[] = [];
        for (const [root, key] of [['query', 'queryType'], ['mutation', 'mutationType'], ['subscription', 'subscriptionType']] as const) {
          for (const field of schema[key]?.fields ?? []) {
            const args = field.args.length ? `(${field.args.map((a) => `${a.name}: ${typeName(a.type)}`).join(', ')})` : '';
            list.push({ root, name: field.name, signature: `${field.name}${args}: ${typeName(field.type)}`, description: field.description });
          }
        }
        setFields(list);
      },
      () => !cancelled && setSchemaNote('Could not load the schema.'),
    );
    return () => {
      cancelled = true;
    };
  }, [token]);

  const run = useCallback(async () => {
    let parsed: unknown = {};
    try {
      parsed = variables.trim() === '' ? {} : (JSON.parse(variables) as unknown);
    } catch {
      setResult('Variables are not valid JSON.');
      return;
    }
    setRunning(true);
    try {
      const { status, body } = await post(token, query, parsed);
      setResult(`HTTP ${status}\n${typeof body === 'string' ? body : JSON.stringify(body, null, 2)}`);
    } catch (error) {
      setResult(`Request failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setRunning(false);
    }
  }, [query, variables, token]);

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void run();
    }
  };

  return (
    <section className="explorer" aria-labelledby="explorer-title">
      <h1 id="explorer-title">GraphQL explorer</h1>
      <p className="lead">Operations run against <code>/graphql</code> as you, with this session&apos;s token. Subscriptions need a WebSocket client (see the README).</p>
      <div className="explorer-grid">
        <div className="explorer-editor">
          <label htmlFor="explorer-query">Operation</label>
          <textarea id="explorer-query" className="code" spellCheck={false} rows={16} value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={onKeyDown} />
          <label htmlFor="explorer-variables">Variables (JSON)</label>
          <textarea id="explorer-variables" className="code" spellCheck={false} rows={4} value={variables} onChange={(e) => setVariables(e.target.value)} onKeyDown={onKeyDown} />
          <button type="button" onClick={() => void run()} disabled={running}>
            {running ? 'Running…' : 'Run'}
          </button>
          <label htmlFor="explorer-result">Result</label>
          <pre id="explorer-result" className="code explorer-result" aria-live="polite">
            {result}
          </pre>
        </div>
        <aside className="explorer-schema" aria-label="Schema">
          <h2>Schema</h2>
          {schemaNote ? <p className="lead">{schemaNote}</p> : null}
          {fields === null && !schemaNote ? <p className="lead">Loading…</p> : null}
          {fields
            ? (['query', 'mutation', 'subscription'] as const).map((root) => (
                <details key={root} open={root === 'query'}>
                  <summary>{root}</summary>
                  <ul>
                    {fields
                      .filter((f) => f.root === root)
                      .map((f) => (
                        <li key={f.name} title={f.description ?? undefined}>
                          <code>{f.signature}</code>
                        </li>
                      ))}
                  </ul>
                </details>
              ))
            : null}
        </aside>
      </div>
    </section>
  );
}
