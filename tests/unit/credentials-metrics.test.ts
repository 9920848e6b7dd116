import { CredentialMetrics } from '../../server/credentials/metrics';
import { VerifyCode } from '../../server/credentials/credential';

describe('credential metrics', () => {
  it('prints counters, a cumulative latency histogram per route and the cache hit ratio', async () => {
    const metrics = new CredentialMetrics(() => 7, { defaultMetrics: false });
    metrics.request('verify', 200, 0.7);
    metrics.request('verify', 200, 3);
    metrics.request('verify', 401, 0.1);
    metrics.request('token', 200, 2000);
    metrics.verifyResult(VerifyCode.VALID);
    metrics.verifyResult(VerifyCode.VALID);
    metrics.verifyResult(VerifyCode.REVOKED);
    metrics.cacheHit();
    metrics.cacheHit();
    metrics.cacheHit();
    metrics.cacheMiss();
    const text = await metrics.registry.metrics();
    expect(text).toContain('keyward_http_requests_total{route="verify",status="200"} 2');
    expect(text).toContain('keyward_http_requests_total{route="verify",status="401"} 1');
    expect(text).toContain('keyward_verify_results_total{code="VALID"} 2');
    expect(text).toContain('keyward_verify_results_total{code="REVOKED"} 1');
    expect(text).toContain('# TYPE keyward_http_request_duration_seconds histogram');
    expect(text).toContain('keyward_http_request_duration_seconds_bucket{le="0.0005",route="verify"} 1');
    expect(text).toContain('keyward_http_request_duration_seconds_bucket{le="0.001",route="verify"} 2');
    expect(text).toContain('keyward_http_request_duration_seconds_bucket{le="0.005",route="verify"} 3');
    expect(text).toContain('keyward_http_request_duration_seconds_bucket{le="1",route="token"} 0');
    expect(text).toContain('keyward_http_request_duration_seconds_bucket{le="+Inf",route="token"} 1');
    expect(text).toContain('keyward_http_request_duration_seconds_count{route="verify"} 3');
    expect(text).toContain('keyward_verify_cache_hit_ratio 0.75');
    expect(text).toContain('keyward_verify_cache_entries 7');
  });

  it('keeps one registry per instance, so several servers can live in one process', async () => {
    const a = new CredentialMetrics(() => 0);
    const b = new CredentialMetrics(() => 0);
    a.verifyResult(VerifyCode.VALID);
    expect(await b.registry.metrics()).toContain('keyward_verify_results_total{code="VALID"} 0');
  });
});
