import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { VERIFY_CODES, VerifyCode } from './credential';

export type MeteredRoute = 'verify' | 'token' | 'auth_token' | 'introspect' | 'revoke';

/**
 * Prometheus metrics of one server instance, on a Registry of its own (several servers can run in
 * one process, as the tests do). Children are created up front so the hot path only increments.
 */
export class CredentialMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'route' | 'status'>;
  private readonly duration: Histogram<'route'>;
  private readonly results = new Map<VerifyCode, Counter.Internal>();
  private readonly durationByRoute = new Map<MeteredRoute, Histogram.Internal<"route">>();
  private readonly requestChildren = new Map<string, Counter.Internal>();
  private hits = 0;
  private misses = 0;

  constructor(cacheSize: () => number, options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'keyward_' });
    this.requests = new Counter({ name: 'keyward_http_requests_total', help: 'Requests to the credential endpoints, by route and status code.', labelNames: ['route', 'status'], registers: [this.registry] });
    this.duration = new Histogram({
      name: 'keyward_http_request_duration_seconds',
      help: 'Latency of the credential endpoints, by route.',
      labelNames: ['route'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [this.registry],
    });
    const results = new Counter({ name: 'keyward_verify_results_total', help: 'Answers of POST /v1/keys/verify, by code.', labelNames: ['code'], registers: [this.registry] });
    for (const code of VERIFY_CODES) this.results.set(code, results.labels(code));
    for (const route of ['verify', 'token', 'auth_token', 'introspect', 'revoke'] as const) this.durationByRoute.set(route, this.duration.labels(route));
    const self = this;
    new Counter({ name: 'keyward_verify_cache_hits_total', help: 'Verify and token lookups answered from the in-process cache.', registers: [this.registry], collect() { this.reset(); this.inc(self.hits); } });
    new Counter({ name: 'keyward_verify_cache_misses_total', help: 'Verify and token lookups that read the database.', registers: [this.registry], collect() { this.reset(); this.inc(self.misses); } });
    new Gauge({ name: 'keyward_verify_cache_hit_ratio', help: 'Hits / (hits + misses) since start.', registers: [this.registry], collect() { const total = self.hits + self.misses; this.set(total === 0 ? 0 : self.hits / total); } });
    new Gauge({ name: 'keyward_verify_cache_entries', help: 'Credentials held in the in-process cache.', registers: [this.registry], collect() { this.set(cacheSize()); } });
  }

  cacheHit(): void {
    this.hits += 1;
  }

  cacheMiss(): void {
    this.misses += 1;
  }

  verifyResult(code: VerifyCode): void {
    this.results.get(code)?.inc();
  }

  request(route: MeteredRoute, status: number, milliseconds: number): void {
    const id = `${route} ${status}`;
    let child = this.requestChildren.get(id);
    if (!child) {
      child = this.requests.labels(route, String(status));
      this.requestChildren.set(id, child);
    }
    child.inc();
    this.durationByRoute.get(route)?.observe(milliseconds / 1000);
  }
}
