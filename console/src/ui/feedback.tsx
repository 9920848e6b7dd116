import type { ApiKeyStatus } from '../gql/graphql';
import type { ApiError, FieldProblem } from '../api/errors';

/** An API error in words with its code, beside the action it concerns. */
export function ErrorNotice({ error, extraFields = [] }: { error: ApiError | null; extraFields?: readonly FieldProblem[] }) {
  if (!error) return null;
  return (
    <div className="notice notice-error" role="alert">
      <p>{error.describe()}</p>
      {extraFields.length > 0 ? (
        <ul>
          {extraFields.map((f) => (
            <li key={`${f.field}:${f.message}`}>
              {f.field}: {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

const STATUS_WORDS: Record<ApiKeyStatus, string> = {
  ACTIVE: 'Active',
  INACTIVE: 'Inactive',
  PENDING_EXCHANGE: 'Pending exchange',
  EXPIRED: 'Expired',
  REVOKED: 'Revoked',
  EXCHANGED: 'Exchanged',
};

/** The status as a word and a colour; data-status carries the raw value for tests and styling. */
export function StatusBadge({ status }: { status: ApiKeyStatus }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-status={status}>
      {STATUS_WORDS[status]} <span className="badge-code">{status}</span>
    </span>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

export function formatDate(value: string | null | undefined, empty = '—'): string {
  if (!value) return empty;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

interface PaginationProps {
  readonly page: number;
  readonly totalPages: number;
  readonly totalItems: number;
  readonly hasPreviousPage: boolean;
  readonly hasNextPage: boolean;
  readonly label: string;
  onPage(page: number): void;
}

export function Pagination({ page, totalPages, totalItems, hasPreviousPage, hasNextPage, label, onPage }: PaginationProps) {
  return (
    <nav className="pagination" aria-label={`${label} pages`}>
      <button type="button" className="button-secondary" disabled={!hasPreviousPage} onClick={() => onPage(page - 1)}>
        Previous page
      </button>
      <span>
        Page {page} of {Math.max(totalPages, 1)} · {totalItems} {totalItems === 1 ? 'item' : 'items'}
      </span>
      <button type="button" className="button-secondary" disabled={!hasNextPage} onClick={() => onPage(page + 1)}>
        Next page
      </button>
    </nav>
  );
}
