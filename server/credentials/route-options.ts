import { FastifyReply, FastifyRequest } from 'fastify';
import { CredentialMetrics, MeteredRoute } from './metrics';

/** Verify and token requests are small; anything larger is refused before it is read. */
export const CREDENTIAL_BODY_LIMIT = 16 * 1024;

/**
 * The hot routes log through the parent logger: the request id already reaches every log line from
 * the request scope, and a pino child per request (with redaction set up) costs more than verify.
 */
export const sameLogger = <L>(logger: L): L => logger;

/** An onResponse hook that counts the request and its latency. */
export function metered(metrics: Pick<CredentialMetrics, 'request'>, route: MeteredRoute) {
  return (_request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    metrics.request(route, reply.statusCode, reply.elapsedTime);
    done();
  };
}

