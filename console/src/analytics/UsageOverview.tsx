import { useState } from 'react';
import { useQuery } from '../api/hooks';
import { KeyUsageDocument, UsageOverviewDocument } from '../gql/graphql';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice, Loading } from '../ui/feedback';
import { SelectField } from '../ui/fields';
import { UsageChart } from './UsageChart';
import { RANGES, rangeOf, totals, type RangeId } from './usage-data';

function RangePicker({ value, onChange }: { value: RangeId; onChange(range: RangeId): void }) {
  return (
    <SelectField label="Period" name="usage-range" value={value} onChange={(e) => onChange(e.target.value as RangeId)}>
      {RANGES.map((r) => (
        <option key={r.id} value={r.id}>
          {r.label}
        </option>
      ))}
    </SelectField>
  );
}

/** The organization's requests (SPEC 8): volume, refusal rate, refusals by code and the busiest keys. */
export function UsageOverview({ organizationId }: { organizationId: string }) {
  const [range, setRange] = useState<RangeId>('24h');
  const [variables] = useState(() => new Map<RangeId, ReturnType<typeof rangeOf>>());
  if (!variables.has(range)) variables.set(range, rangeOf(range));
  const query = useQuery(UsageOverviewDocument, { organizationId, ...variables.get(range)! });
  const data = query.data;
  const summary = data ? totals(data.verificationStats) : null;
  return (
    <section aria-labelledby="usage-title" className="usage-overview">
      <div className="section-head">
        <h2 id="usage-title">Usage</h2>
        <RangePicker value={range} onChange={setRange} />
      </div>
      <ErrorNotice error={query.error} />
      {query.loading && !data ? <Loading what="usage" /> : null}
      {data && summary ? (
        <>
          <p className="usage-summary">
            <strong>{summary.total.toLocaleString()}</strong> requests, <strong>{(summary.refusalRate * 100).toFixed(1)} %</strong> refused.
          </p>
          <UsageChart buckets={data.verificationStats} title="Verify and token requests by outcome" filename={`usage-${organizationId}-${range}.csv`} daily={range === '30d'} />
          {data.topApiKeys.length ? (
            <table className="table">
              <caption>Busiest keys</caption>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Requests</th>
                  <th scope="col">Valid</th>
                </tr>
              </thead>
              <tbody>
                {data.topApiKeys.map((usage) => (
                  <tr key={usage.apiKey.id}>
                    <td>
                      <code>{usage.apiKey.keyPrefix}…</code> {usage.apiKey.name}
                    </td>
                    <td>{usage.total.toLocaleString()}</td>
                    <td>{usage.valid.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
              {data.topApiKeys.some((usage) => !usage.certain) ? (
                <tfoot>
                  <tr>
                    <td colSpan={3} className="hint">
                      Many keys are about equally busy in this period: these are among the busiest, with exact counts, but a key not listed may have more requests.
                    </td>
                  </tr>
                </tfoot>
              ) : null}
            </table>
          ) : (
            <p className="empty">No requests in this period.</p>
          )}
        </>
      ) : null}
    </section>
  );
}

/** One key's requests, in a dialog opened from its row. */
export function KeyStatsDialog({ apiKey, onClose }: { apiKey: { id: string; name: string }; onClose(): void }) {
  const [range, setRange] = useState<RangeId>('24h');
  const [variables] = useState(() => new Map<RangeId, ReturnType<typeof rangeOf>>());
  if (!variables.has(range)) variables.set(range, rangeOf(range));
  const query = useQuery(KeyUsageDocument, { id: apiKey.id, ...variables.get(range)! });
  const buckets = query.data?.apiKey.verificationStats;
  return (
    <Dialog title={`Usage of ${apiKey.name}`} onClose={onClose}>
      <RangePicker value={range} onChange={setRange} />
      <ErrorNotice error={query.error} />
      {query.loading && !buckets ? <Loading what="usage" /> : null}
      {buckets ? <UsageChart buckets={buckets} title={`Requests with ${apiKey.name}`} filename={`usage-${apiKey.id}-${range}.csv`} daily={range === '30d'} /> : null}
      <div className="dialog-actions">
        <button type="button" className="button-secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
