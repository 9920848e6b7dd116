import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A Standard Webhooks secret: `whsec_` + base64 of 24 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export const secretPrefixOf = (secret: string): string => secret.slice(0, 12);

/**
 * The `webhook-signature` header: `v1,<base64 HMAC-SHA256>` per secret, space-separated, so
 * during a rotation's overlap a receiver holding either secret verifies the delivery.
 */
export function signatureHeader(secrets: readonly string[], messageId: string, timestamp: Date, body: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body)).join(' ');
}

/**
 * Deliveries to a key's own webhookUrl are signed with a secret of that key, derived from
 * KEYWARD_SECRET (HKDF, then HMAC with the key id), so nothing more is stored and an owner can
 * read it back with `apiKeyWebhookSecret`.
 */
export class KeyWebhookSecrets {
  private readonly root: Buffer;

  constructor(rootSecret: string) {
    this.root = Buffer.from(hkdfSync('sha256', rootSecret, 'keyward', 'key-webhook-signing/v1', 32));
  }

  secretFor(apiKeyId: string): string {
    return `whsec_${createHmac('sha256', this.root).update(apiKeyId).digest().subarray(0, 24).toString('base64')}`;
  }
}
