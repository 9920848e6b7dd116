import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { VERIFY_CODES, VerifyCode } from './credential';

export type MeteredRoute = 'verify' | 'token' | 'auth_token' | 'introspect' | 'revoke';
const ROUTES: readonly MeteredRoute[] = ['verify', 'token', 'auth_token', 'introspect', 'revoke'];
const BUCKETS_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

interface HistogramLine {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

/** Latencies of one route: plain counts per bucket, turned into Prometheus lines at scrape time. */
class RouteLatency {
  readonly counts = new Float64Array(BUCKETS_SECONDS.length + 1);
  sum = 0;
  count = 0;

  observe(seconds: number): void {
    let i = 0;
    while (i < BUCKETS_SECONDS.length && seconds > BUCKETS_SECONDS[i]!) i += 1;
    this.counts[i] += 1;
    this.sum += seconds;
    this.count += 1;
  }
}

/**
 * Prometheus metrics of one server instance, on a Registry of its own (several servers can run in
 * one process, as the tests do). The hot paths only bump plain numbers; prom-client reads them when
 * /metrics is scraped, so a request never pays for label hashing.
 */
export class CredentialMetrics {
  readonly registry = new Registry();
  private readonly results = new Map<VerifyCode, number>(VERIFY_CODES.map((code) => [code, 0]));
  private readonly requests = new Map<string, { route: MeteredRoute; status: string; count: number }>();
  private readonly latency = new Map<MeteredRoute, RouteLatency>(ROUTES.map((route) => [route, new RouteLatency()]));
  private hits = 0;
  private misses = 0;
  /** Commits that wrote keys, applications or organizations without an audit event saying which. */
  unattributedChanges = 0;
  /** Usage analytics' counter, when one is attached: what waits to be written, and what its memory bound has cost. */
  analytics: (() => { readonly pendingEntries: number; readonly folded: number; readonly unattributed: number }) | null = null;

  constructor(cacheSize: () => number, options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'keyward_' });
    const self = this;
    new Counter({
      name: 'keyward_http_requests_total',
      help: 'Requests to the credential endpoints, by route and status code.',
      labelNames: ['route', 'status'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { route, status, count } of self.requests.values()) this.inc({ route, status }, count);
      },
    });
    new Counter({
      name: 'keyward_verify_results_total',
      help: 'Answers of POST /v1/keys/verify, by code.',
      labelNames: ['code'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [code, count] of self.results) this.inc({ code }, count);
      },
    });
    new Counter({ name: 'keyward_verify_cache_hits_total', help: 'Verify and token lookups answered from the in-process cache.', registers: [this.registry], collect() { this.reset(); this.inc(self.hits); } });
    new Counter({ name: 'keyward_verify_cache_misses_total', help: 'Verify and token lookups that read the database.', registers: [this.registry], collect() { this.reset(); this.inc(self.misses); } });
    new Gauge({ name: 'keyward_verify_cache_hit_ratio', help: 'Hits / (hits + misses) since start.', registers: [this.registry], collect() { const total = self.hits + self.misses; this.set(total === 0 ? 0 : self.hits / total); } });
    new Gauge({ name: 'keyward_verify_cache_entries', help: 'Credentials held in the in-process cache.', registers: [this.registry], collect() { this.set(cacheSize()); } });
    new Counter({ name: 'keyward_unattributed_changes_total', help: 'Commits that changed keys, applications or organizations without an audit event describing them (the whole cache was dropped); should stay 0.', registers: [this.registry], collect() { this.reset(); this.inc(self.unattributedChanges); } });
    new Gauge({ name: 'keyward_analytics_pending_entries', help: 'Key-minutes and key-hours of usage counts waiting to be written (bounded by KEYWARD_ANALYTICS_PENDING_ENTRIES each).', registers: [this.registry], collect() { this.set(self.analytics?.().pendingEntries ?? 0); } });
    new Counter({ name: 'keyward_analytics_folded_total', help: 'Requests counted for their key per hour only: key-minutes were at their bound, so no minute row for the key.', registers: [this.registry], collect() { this.reset(); this.inc(self.analytics?.().folded ?? 0); } });
    new Counter({ name: 'keyward_analytics_unattributed_total', help: 'Requests counted only in their application\'s and organization\'s sums: key-minutes and key-hours were both at their bound.', registers: [this.registry], collect() { this.reset(); this.inc(self.analytics?.().unattributed ?? 0); } });
    this.registry.registerMetric(this.latencyHistogram() as never);
  }

  cacheHit(): void {
    this.hits += 1;
  }

  cacheMiss(): void {
    this.misses += 1;
  }

  unattributedChange(): void {
    this.unattributedChanges += 1;
  }

  verifyResult(code: VerifyCode): void {
    this.results.set(code, (this.results.get(code) ?? 0) + 1);
  }

  request(route: MeteredRoute, status: number, milliseconds: number): void {
    const id = `${route} ${status}`;
    const entry = this.requests.get(id);
    if (entry) entry.count += 1;
    else this.requests.set(id, { route, status: String(status), count: 1 });
    this.latency.get(route)?.observe(milliseconds / 1000);
  }

  /** `keyward_http_request_duration_seconds` in the shape prom-client prints for a histogram. */
  private latencyHistogram() {
    const name = 'keyward_http_request_duration_seconds';
    const latency = this.latency;
    return {
      name,
      help: 'Latency of the credential endpoints, by route.',
      type: 'histogram',
      aggregator: 'sum',
      get(): { name: string; help: string; type: string; aggregator: string; values: HistogramLine[] } {
        const values: HistogramLine[] = [];
        for (const [route, histogram] of latency) {
          let cumulative = 0;
          BUCKETS_SECONDS.forEach((le, i) => {
            cumulative += histogram.counts[i]!;
            values.push({ metricName: `${name}_bucket`, labels: { le, route }, value: cumulative });
          });
          values.push({ metricName: `${name}_bucket`, labels: { le: '+Inf', route }, value: histogram.count });
          values.push({ metricName: `${name}_sum`, labels: { route }, value: histogram.sum });
          values.push({ metricName: `${name}_count`, labels: { route }, value: histogram.count });
        }
        return { name, help: 'Latency of the credential endpoints, by route.', type: 'histogram', aggregator: 'sum', values };
      },
      reset(): void {},
    };
  }
}
