import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { VerificationBucketFieldsFragment } from '../gql/graphql';
import { downloadText } from '../audit/csv';
import { refusalCodes, rowsOf, usageCsv } from './usage-data';

const REFUSAL_COLOURS = ['#b3261e', '#e8710a', '#9334e6', '#1967d2', '#188038', '#5f6368', '#c5221f', '#f29900'];

const tick = (value: string, daily: boolean): string => {
  const date = new Date(value);
  return daily ? date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' }) : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
};

/**
 * Requests per bucket, VALID and each refusal code stacked (recharts draws SVG with no inline
 * <style> or script, so the console's strict CSP holds), with a table for screen readers and a CSV.
 */
export function UsageChart({ buckets, title, filename, daily }: { buckets: readonly VerificationBucketFieldsFragment[]; title: string; filename: string; daily: boolean }) {
  const codes = refusalCodes(buckets);
  const rows = rowsOf(buckets);
  return (
    <figure className="usage-chart">
      <figcaption>{title}</figcaption>
      <div aria-hidden="true" className="usage-chart-canvas">
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="start" tickFormatter={(v: string) => tick(v, daily)} minTickGap={24} fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} width={40} />
            <Tooltip labelFormatter={(v) => new Date(String(v)).toLocaleString()} />
            <Legend />
            <Bar dataKey="valid" name="VALID" stackId="requests" fill="#188038" isAnimationActive={false} />
            {codes.map((code, i) => (
              <Bar key={code} dataKey={code} name={code} stackId="requests" fill={REFUSAL_COLOURS[i % REFUSAL_COLOURS.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>Table</summary>
        <table className="table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Total</th>
              <th scope="col">VALID</th>
              {codes.map((code) => (
                <th key={code} scope="col">
                  {code}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {buckets
              .filter((b) => b.total > 0)
              .map((bucket) => (
                <tr key={bucket.start}>
                  <td>{new Date(bucket.start).toLocaleString()}</td>
                  <td>{bucket.total}</td>
                  <td>{bucket.valid}</td>
                  {codes.map((code) => (
                    <td key={code}>{bucket.byCode.find((c) => c.code === code)?.count ?? 0}</td>
                  ))}
                </tr>
              ))}
          </tbody>
        </table>
      </details>
      <button type="button" className="button-secondary" onClick={() => downloadText(filename, usageCsv(buckets))}>
        Export CSV
      </button>
    </figure>
  );
}
