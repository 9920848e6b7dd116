import { useState } from 'react';
import type { ApiError } from '../api/errors';
import type { RateLimitInput } from '../gql/graphql';
import { TextAreaField } from '../ui/fields';
import { ipsText, parseIps, parseRateLimits, rateLimitsText } from './usage-text';

/** The text of a rate-limit list and an allowlist being edited, read back as update input. */
export function useLimitFields(rateLimits: readonly RateLimitInput[], allowedIps: readonly string[] | null | undefined) {
  const [limits, setLimits] = useState(rateLimitsText(rateLimits));
  const [ips, setIps] = useState(ipsText(allowedIps));
  const read = (): { problem: string } | { input: { rateLimits: RateLimitInput[]; allowedIps: string[] } } => {
    const parsed = parseRateLimits(limits);
    return parsed.problem ? { problem: parsed.problem } : { input: { rateLimits: parsed.limits, allowedIps: parseIps(ips) } };
  };
  return { limits, setLimits, ips, setIps, read };
}

interface Props {
  readonly fields: ReturnType<typeof useLimitFields>;
  /** A problem found before sending (a line that does not read as a limit). */
  readonly problem: string | null | undefined;
  readonly error: ApiError | null;
  readonly limitsHint: string;
  readonly ipsHint: string;
}

/** Rate limits and allowed addresses, the same two fields for a key and for an application (SPEC 7). */
export function LimitFields({ fields, problem, error, limitsHint, ipsHint }: Props) {
  return (
    <>
      <TextAreaField label="Rate limits" name="rateLimits" rows={3} value={fields.limits} onChange={(e) => fields.setLimits(e.target.value)} error={problem ?? error?.fieldMessage('rateLimits')} hint={limitsHint} data-autofocus />
      <TextAreaField label="Allowed IP addresses" name="allowedIps" rows={3} value={fields.ips} onChange={(e) => fields.setIps(e.target.value)} error={error?.fieldMessage('allowedIps')} hint={ipsHint} />
    </>
  );
}
