import { useQuery } from '../api/hooks';
import { WebhookDeliveriesDocument } from '../gql/graphql';
import { ErrorNotice, formatDate, Loading } from '../ui/feedback';

/** The newest deliveries to one endpoint, with their attempts. */
export function WebhookDeliveries({ endpointId, url }: { endpointId: string; url: string }) {
  const query = useQuery(WebhookDeliveriesDocument, { endpointId, limit: 50 });
  const deliveries = query.data?.webhookDeliveries;
  return (
    <section className="card deliveries" aria-labelledby="deliveries-title">
      <div className="section-head">
        <h2 id="deliveries-title">
          Deliveries to <code className="url">{url}</code>
        </h2>
        <button type="button" className="button-secondary" onClick={() => void query.refetch()} disabled={query.loading}>
          Refresh
        </button>
      </div>
      <ErrorNotice error={query.error} />
      {query.loading && !deliveries ? <Loading what="deliveries" /> : null}
      {deliveries && deliveries.length === 0 ? <p className="empty">Nothing delivered yet.</p> : null}
      {deliveries && deliveries.length > 0 ? (
        <table className="table responsive">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
              <th scope="col">Next attempt</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td data-label="Event">
                  <code>{d.eventType}</code>
                  <span className="muted">{d.eventId}</span>
                </td>
                <td data-label="Status">
                  <span className={d.status === 'SUCCEEDED' ? 'badge badge-active' : d.status === 'FAILED' ? 'badge badge-revoked' : 'badge badge-inactive'}>{d.status}</span>
                </td>
                <td data-label="Attempts">{d.attemptCount}</td>
                <td data-label="Last answer">{d.lastStatusCode ?? d.lastError ?? '—'}</td>
                <td data-label="Next attempt">{formatDate(d.nextAttemptAt)}</td>
                <td data-label="Created">{formatDate(d.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
