import { useState } from 'react';
import { useMutation } from '../api/hooks';
import { ExpireApiKeySecretDocument, type ApiKeyFieldsFragment } from '../gql/graphql';
import { ErrorNotice, formatDate } from '../ui/feedback';

interface Props {
  readonly apiKey: ApiKeyFieldsFragment;
  readonly canExpire: boolean;
  onChanged(apiKey: ApiKeyFieldsFragment): void;
}

/**
 * The working secrets of a key while a rotation overlaps them: each prefix, when it stops, and a
 * way to stop an old one now. The last working secret cannot be expired (revoke the key instead).
 */
export function KeySecrets({ apiKey, canExpire, onChanged }: Props) {
  const expire = useMutation(ExpireApiKeySecretDocument);
  const [expiring, setExpiring] = useState<string | null>(null);
  const active = apiKey.secrets.filter((s) => s.status === 'ACTIVE');
  if (active.length < 2) return null;
  // The newest secret is the one without a grace end (old ones get one when rotated), then the
  // latest created; secrets come oldest first, so on a tie the later one wins.
  const rank = (s: (typeof active)[number]) => `${s.expiresAt === null ? 1 : 0}${s.createdAt}`;
  const newest = active.reduce((a, b) => (rank(b) >= rank(a) ? b : a));

  return (
    <div className="secrets">
      <p className="muted">{active.length} working secrets (rotation in progress)</p>
      <ul>
        {active.map((secret) => (
          <li key={secret.id}>
            <code>{secret.keyPrefix}…</code>{' '}
            <span className="muted-inline">{secret.id === newest.id ? 'new' : secret.expiresAt ? `until ${formatDate(secret.expiresAt)}` : 'until expired by hand'}</span>
            {canExpire && secret.id !== newest.id ? (
              <button
                type="button"
                className="button-link"
                disabled={expire.pending && expiring === secret.id}
                onClick={async () => {
                  setExpiring(secret.id);
                  const result = await expire.run({ apiKeyId: apiKey.id, secretId: secret.id });
                  if (result) onChanged(result.expireApiKeySecret);
                }}
              >
                Expire<span className="visually-hidden"> secret {secret.keyPrefix} of {apiKey.name}</span> now
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <ErrorNotice error={expire.error} />
    </div>
  );
}
