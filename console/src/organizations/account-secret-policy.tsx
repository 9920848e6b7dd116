// The server's own rules (one file for both, so the checklist cannot drift from what is enforced).
import { ACCOUNT_SECRET_MAX_LENGTH, ACCOUNT_SECRET_MIN_LENGTH, hasLetterOrDigit, hasRightLength, hasUppercase } from '../../../server/shared/account-secret-rules';

/** The account-secret rules of SPEC 3.5 that can be checked as the user types. */
export interface PolicyRule {
  readonly id: string;
  readonly label: string;
  readonly met: boolean | null;
}

/** `historySize` is the organization's policy when known; without it the console claims no number of its own. */
export function accountSecretRules(secret: string, historySize?: number): PolicyRule[] {
  return [
    { id: 'length', label: `${ACCOUNT_SECRET_MIN_LENGTH} to ${ACCOUNT_SECRET_MAX_LENGTH} characters`, met: hasRightLength(secret) },
    { id: 'uppercase', label: 'at least one upper-case letter', met: hasUppercase(secret) },
    { id: 'alphanumeric', label: 'at least one letter or digit', met: hasLetterOrDigit(secret) },
    // Only the server knows the history; it answers SECRET_POLICY when this one fails.
    { id: 'history', label: historySize === undefined ? 'none of the recent account secrets' : `none of the last ${historySize} account secrets`, met: null },
  ];
}

export function meetsLocalRules(secret: string): boolean {
  return accountSecretRules(secret).every((rule) => rule.met !== false);
}

/** The policy as a live checklist under the field; `id` lets the input point at it. */
export function SecretPolicyChecklist({ id, secret, historySize }: { id: string; secret: string; historySize?: number }) {
  return (
    <ul id={id} className="policy" aria-label="Account secret rules">
      {accountSecretRules(secret, historySize).map((rule) => (
        <li key={rule.id} className={rule.met === null ? 'policy-server' : rule.met ? 'policy-met' : 'policy-unmet'} data-rule={rule.id} data-met={rule.met === null ? 'unknown' : String(rule.met)}>
          <span aria-hidden="true">{rule.met === null ? '•' : rule.met ? '✓' : '✗'}</span> {rule.label}
          <span className="visually-hidden">{rule.met === null ? ' (checked by the server)' : rule.met ? ' (met)' : ' (not met yet)'}</span>
        </li>
      ))}
    </ul>
  );
}
