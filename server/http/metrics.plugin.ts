import { FastifyPluginAsync } from 'fastify';
import { Registry } from 'prom-client';

export interface MetricsOptions {
  readonly registry: Pick<Registry, 'contentType' | 'metrics'>;
}

/** GET /metrics: this instance's Prometheus registry, at the root with nothing but what it needs. */
export const metricsRoutes: FastifyPluginAsync<MetricsOptions> = async (app, { registry }) => {
  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
};
