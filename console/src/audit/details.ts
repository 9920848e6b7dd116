/**
 * An audit event's data as a person reads it: "scopes: payments:write, refunds", not
 * "scopes: [2]"; names in words ("previous status"), lists and one level of nesting spelled
 * out. The CSV export keeps the raw JSON.
 */
export function describeAuditData(data: Record<string, unknown>, maxLength = 300): string {
  const text = Object.entries(data)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${words(key)}: ${describeValue(value, 0)}`)
    .join(' · ');
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** camelCase and snake_case keys in words: previousStatus → previous status. */
export function words(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

function describeValue(value: unknown, depth: number): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((item) => describeValue(item, depth + 1)).join(', ');
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    if (depth >= 1) return JSON.stringify(value);
    return `{ ${entries.map(([k, v]) => `${words(k)}: ${describeValue(v, depth + 1)}`).join(', ')} }`;
  }
  return String(value);
}

const ACTOR_WORDS: Record<string, string> = {
  user: 'user',
  personal_access_token: 'personal access token',
  system: 'Keyward (automatic)',
  temporary_key: 'temporary key holder',
};

/** Who acted: the email when there is one, with how they acted. */
export function describeActor(event: { actorType: string; actorId?: string | null; actorEmail?: string | null }): { primary: string; secondary: string | null } {
  const kind = ACTOR_WORDS[event.actorType] ?? words(event.actorType);
  if (event.actorEmail) return { primary: event.actorEmail, secondary: event.actorType === 'user' ? null : `via ${kind}` };
  return { primary: kind, secondary: event.actorType === 'system' ? null : (event.actorId ?? null) };
}
