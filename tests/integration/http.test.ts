import { Writable } from 'node:stream';
import { createLogger, requestScope } from '../../server/logger';
import { startTestServer, TestServer } from '../helpers/server';

describe('HTTP basics', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite');
  });
  afterAll(async () => t?.close());

  it('healthz and readyz answer', async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'up' });
  });

  it('serves the console at / with security headers and a CSP without inline scripts', async () => {
    const response = await fetch(`${t.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('gives every response a request id, keeping a sane one the caller sent', async () => {
    const generated = await fetch(`${t.url}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const given = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-abc.123');
    const hostile = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'a'.repeat(500) } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const response = await fetch(`${t.url}/v1/nothing-here`, { method: 'POST' });
    expect(response.status).toBe(404);
  });
});

describe('logs', () => {
  it('carry the request id on lines written while serving a request, and redact secrets', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _encoding, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
    const logger = createLogger('info', sink);
    requestScope.run({ requestId: 'req-1' }, () => logger.info({ password: 'hunter2hunter2', nested: { secret: 'sk_live_x', token: 'pat_y' }, authorization: 'Bearer z' }, 'inside'));
    logger.info('outside');
    const [inside, outside] = lines.map((l) => JSON.parse(l));
    expect(inside.requestId).toBe('req-1');
    expect(outside.requestId).toBeUndefined();
    expect(lines.join('\n')).not.toMatch(/hunter2|sk_live_x|pat_y|Bearer z/);
  });
});
