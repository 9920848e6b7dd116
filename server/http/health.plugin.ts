import { FastifyPluginAsync } from 'fastify';

export interface HealthOptions {
  /** A round trip to the database; readiness fails when it throws or takes over a second. */
  readonly pingDatabase: () => Promise<unknown>;
}

const status = (values: string[]) => ({ type: 'object', required: ['status'], properties: { status: { type: 'string', enum: values }, database: { type: 'string', enum: ['up', 'down'] } } });

/** GET /healthz (the process answers) and GET /readyz (it can serve: the database answers). */
export const healthRoutes: FastifyPluginAsync<HealthOptions> = async (app, { pingDatabase }) => {
  app.get('/healthz', { schema: { summary: 'Liveness: the process answers', tags: ['health'], response: { 200: status(['ok']) } } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { summary: 'Readiness: the database answers within a second', tags: ['health'], response: { 200: status(['ready']), 503: status(['unavailable']) } } }, async (_request, reply) => {
    try {
      // A database that hangs must not hang the probe: give it a second.
      await Promise.race([pingDatabase(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref())]);
      return { status: 'ready', database: 'up' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: 'down' });
    }
  });
};
