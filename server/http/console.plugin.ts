import fastifyStatic from '@fastify/static';
import { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The console's own client-side routes (console/src/routing/router.tsx): only these fall back to
 * index.html. Everything else unknown — /.well-known/*, /v1/*, /oauth/*, /graphql/*, /health,
 * /schema.graphql — is a JSON 404, so an API client never mistakes the console for an answer.
 */
export const CONSOLE_ROOTS: ReadonlySet<string> = new Set(['platform', 'account', 'exchange', 'explorer', 'orgs']);

export function isConsoleRoute(method: string, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const path = url.split('?')[0]!;
  if (path === '/') return true;
  const first = path.split('/')[1] ?? '';
  return CONSOLE_ROOTS.has(first) && !/\.[a-z0-9]+$/i.test(path);
}

export function consoleDirectory(): string | null {
  const dir = join(__dirname, '..', '..', '..', 'console', 'dist');
  const fromSource = join(__dirname, '..', '..', 'console', 'dist');
  if (existsSync(join(dir, 'index.html'))) return dir;
  if (existsSync(join(fromSource, 'index.html'))) return fromSource;
  return null;
}

export const notFound = (request: FastifyRequest, reply: FastifyReply): FastifyReply =>
  reply.code(404).send({ error: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}` });

export interface ConsoleOptions {
  /** The built console (console/dist), or null when it is not built. */
  readonly directory: string | null;
}

/** The console's static files, and the one not-found handler of the web routes. */
export const consoleRoutes: FastifyPluginAsync<ConsoleOptions> = async (web, { directory }) => {
  if (directory === null) {
    const placeholder = '<!doctype html><title>Keyward</title><p>Keyward is running. The console is not built: run <code>npm run build:console</code>.</p>';
    web.setNotFoundHandler((request, reply) => (isConsoleRoute(request.method, request.url) ? reply.type('text/html').send(placeholder) : notFound(request, reply)));
    return;
  }
  await web.register(fastifyStatic, {
    root: directory,
    prefix: '/',
    index: ['index.html'],
    wildcard: false,
    // Built assets carry a content hash: cache them for good; the page itself is always revalidated.
    setHeaders: (res, path) => res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  web.setNotFoundHandler((request, reply) => (isConsoleRoute(request.method, request.url) ? reply.type('text/html').sendFile('index.html') : notFound(request, reply)));
};
