import { useRef, useState, type FormEvent } from 'react';
import { useApi, useQuery, useSubscription } from '../api/hooks';
import { ApiError } from '../api/errors';
import { AuditEventAddedDocument, AuditEventsDocument, type AuditEventFieldsFragment, type AuditEventFilter, type AuditEventsQuery } from '../gql/graphql';
import { useOrganization } from '../organizations/organization-context';
import { ErrorNotice, formatDate, Loading } from '../ui/feedback';
import { SelectField, TextField } from '../ui/fields';
import { auditEventsToCsv, downloadText } from './csv';
import { describeActor, describeAuditData } from './details';
// The server's own names (one file for both): the filter offers exactly what the server records.
import { EVENT_TYPES, SUBJECT_TYPES } from '../../../server/shared/event-types';

const PAGE_SIZE = 50;
const EXPORT_LIMIT = 10_000;

interface FilterForm {
  type: string;
  subjectType: string;
  subjectId: string;
  since: string;
  until: string;
}

const EMPTY: FilterForm = { type: '', subjectType: '', subjectId: '', since: '', until: '' };

/** datetime-local gives local wall time; the API wants an instant. */
function toInstant(local: string): string | null {
  if (!local) return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function toFilter(form: FilterForm): AuditEventFilter | null {
  const filter: AuditEventFilter = {};
  if (form.type) filter.types = [form.type];
  if (form.subjectType) filter.subjectType = form.subjectType;
  if (form.subjectId.trim()) filter.subjectId = form.subjectId.trim();
  const since = toInstant(form.since);
  const until = toInstant(form.until);
  if (since) filter.since = since;
  if (until) filter.until = until;
  return Object.keys(filter).length ? filter : null;
}

/** Event ids are time-ordered, so the id orders events newest first. */
const newestFirst = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export function AuditLog() {
  const { organization } = useOrganization();
  const api = useApi();
  const [form, setForm] = useState<FilterForm>(EMPTY);
  const [filter, setFilter] = useState<AuditEventFilter | null>(null);
  const query = useQuery(AuditEventsDocument, { organizationId: organization.id, filter, first: PAGE_SIZE, after: null });
  const [more, setMore] = useState<{ events: AuditEventFieldsFragment[]; endCursor: string | null; hasNextPage: boolean } | null>(null);
  const [live, setLive] = useState<AuditEventFieldsFragment[]>([]);
  const [busy, setBusy] = useState<'more' | 'export' | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);

  // After a lost connection, resubscribe after the newest event held: the server replays what
  // was missed (events near the cursor may come twice; they are deduplicated by id below).
  const [resumeAfter, setResumeAfter] = useState<string | null>(null);
  const first = query.data?.auditEvents;
  const newestId = [live[0]?.id, first?.edges[0]?.node.id].reduce<string | null>((max, id) => (id && (!max || id > max) ? id : max), null);
  const newestRef = useRef<string | null>(null);
  newestRef.current = newestId;

  useSubscription(
    AuditEventAddedDocument,
    { organizationId: organization.id, after: resumeAfter },
    {
      // Live events are shown at the top when no filter narrows the list.
      next: ({ auditEventAdded }) => setLive((events) => (events.some((e) => e.id === auditEventAdded.id) ? events : [auditEventAdded, ...events].sort(newestFirst))),
      reconnected: () => {
        if (newestRef.current) setResumeAfter(newestRef.current);
        else void query.refetch();
      },
    },
    { skip: filter !== null },
  );

  const loaded = [...live, ...(first?.edges.map((e) => e.node) ?? []), ...(more?.events ?? [])];
  const seen = new Set<string>();
  const events = loaded.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true))).sort(newestFirst);
  const pageInfo = more ?? (first ? { endCursor: first.pageInfo.endCursor, hasNextPage: first.pageInfo.hasNextPage } : null);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setMore(null);
    setLive([]);
    setFilter(toFilter(form));
  };

  const loadMore = async () => {
    if (!pageInfo?.endCursor) return;
    setBusy('more');
    setActionError(null);
    try {
      const page = await api.request(AuditEventsDocument, { organizationId: organization.id, filter, first: PAGE_SIZE, after: pageInfo.endCursor });
      setMore({ events: [...(more?.events ?? []), ...page.auditEvents.edges.map((e) => e.node)], endCursor: page.auditEvents.pageInfo.endCursor, hasNextPage: page.auditEvents.pageInfo.hasNextPage });
    } catch (error) {
      setActionError(ApiError.from(error));
    } finally {
      setBusy(null);
    }
  };

  const exportCsv = async () => {
    setBusy('export');
    setActionError(null);
    try {
      const all: AuditEventFieldsFragment[] = [];
      let after: string | null = null;
      for (;;) {
        const page: AuditEventsQuery = await api.request(AuditEventsDocument, { organizationId: organization.id, filter, first: 100, after });
        all.push(...page.auditEvents.edges.map((e) => e.node));
        after = page.auditEvents.pageInfo.endCursor;
        if (!page.auditEvents.pageInfo.hasNextPage || !after || all.length >= EXPORT_LIMIT) break;
      }
      downloadText(`keyward-audit-${organization.slug}-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.csv`, auditEventsToCsv(all));
    } catch (error) {
      setActionError(ApiError.from(error));
    } finally {
      setBusy(null);
    }
  };

  const field = (name: keyof FilterForm) => ({ value: form[name], onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }) });

  return (
    <section aria-labelledby="audit-title">
      <div className="section-head">
        <h1 id="audit-title">Audit log</h1>
        <button type="button" className="button-secondary" disabled={busy !== null} onClick={() => void exportCsv()}>
          {busy === 'export' ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      <p className="lead">Every change in {organization.name}, newest first{filter ? '' : ', live'}.</p>
      <form className="card filters" onSubmit={apply} aria-label="Audit log filters">
        <SelectField label="Event type" name="type" {...field('type')}>
          <option value="">Any type</option>
          {EVENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </SelectField>
        <SelectField label="Subject type" name="subjectType" {...field('subjectType')}>
          <option value="">Any subject</option>
          {SUBJECT_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </SelectField>
        <TextField label="Subject ID" name="subjectId" placeholder="key_…" {...field('subjectId')} error={query.error?.fieldMessage('subjectId')} />
        <TextField label="Since" name="since" type="datetime-local" {...field('since')} error={query.error?.fieldMessage('since')} />
        <TextField label="Until" name="until" type="datetime-local" {...field('until')} error={query.error?.fieldMessage('until')} />
        <div className="filter-actions">
          <button type="submit">Apply filters</button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              setForm(EMPTY);
              setMore(null);
              setFilter(null);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      <ErrorNotice error={query.error ?? actionError} />
      {query.loading && !first ? <Loading what="the audit log" /> : null}
      {first ? (
        <p className="muted" role="status">
          {first.totalCount} {first.totalCount === 1 ? 'event' : 'events'}
          {filter ? ' match the filters' : ''}
        </p>
      ) : null}
      {events.length > 0 ? (
        <table className="table responsive audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Actor</th>
              <th scope="col">Subject</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td data-label="When">{formatDate(event.createdAt)}</td>
                <td data-label="Event">
                  <code>{event.type}</code>
                </td>
                <td data-label="Actor">
                  <ActorCell event={event} />
                </td>
                <td data-label="Subject">
                  {event.subjectType}
                  <span className="muted">{event.subjectId}</span>
                </td>
                <td data-label="Details" className="details">
                  {describeAuditData(event.data)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : first ? (
        <p className="empty">No events.</p>
      ) : null}
      {pageInfo?.hasNextPage ? (
        <button type="button" className="button-secondary load-more" disabled={busy !== null} onClick={() => void loadMore()}>
          {busy === 'more' ? 'Loading…' : 'Load older events'}
        </button>
      ) : null}
    </section>
  );
}

function ActorCell({ event }: { event: AuditEventFieldsFragment }) {
  const actor = describeActor(event);
  return (
    <>
      {actor.primary}
      {actor.secondary ? <span className="muted">{actor.secondary}</span> : null}
    </>
  );
}
