import type { AuditEventFieldsFragment } from '../gql/graphql';

export const AUDIT_CSV_COLUMNS = ['id', 'createdAt', 'type', 'actorType', 'actorId', 'actorEmail', 'subjectType', 'subjectId', 'data'] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell that a
 * spreadsheet would run as a formula (= + - @, tab, CR) gets a leading apostrophe.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV file (RFC 4180): a header line, then one line per row, every line ended by CRLF. */
export function csvText(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function auditEventsToCsv(events: readonly AuditEventFieldsFragment[]): string {
  return csvText(AUDIT_CSV_COLUMNS, events.map((event) => AUDIT_CSV_COLUMNS.map((column) => event[column])));
}

/** Saves text as a file through a temporary object URL (no data: URL, nothing inline). */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
