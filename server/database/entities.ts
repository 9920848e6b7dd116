import { VerificationRollup } from '../analytics/verification-rollup.entity';
import { VerificationKeyTotal } from '../analytics/verification-key-total.entity';
import { VerificationTotal } from '../analytics/verification-total.entity';
import { ApiKeySecret } from '../api-keys/api-key-secret.entity';
import { ApiKey } from '../api-keys/api-key.entity';
import { IdempotencyRecord } from '../api-keys/idempotency-record.entity';
import { Application } from '../applications/application.entity';
import { PersonalAccessToken } from '../auth/personal-access-token.entity';
import { RecoveryCode, SecondFactor } from '../auth/second-factor.entity';
import { User } from '../auth/user.entity';
import { RevokedToken } from '../credentials/revoked-token.entity';
import { SigningKey } from '../credentials/signing-key.entity';
import { AuditEvent } from '../events/audit-event.entity';
import { WebhookDelivery, WebhookDeliveryAttempt } from '../events/webhooks/webhook-delivery.entity';
import { WebhookEndpoint } from '../events/webhooks/webhook-endpoint.entity';
import { Membership } from '../organizations/membership.entity';
import { Organization } from '../organizations/organization.entity';

export const entities = [User, PersonalAccessToken, Organization, Membership, Application, ApiKey, ApiKeySecret, AuditEvent, IdempotencyRecord, SigningKey, RevokedToken, WebhookEndpoint, WebhookDelivery, WebhookDeliveryAttempt, SecondFactor, RecoveryCode, VerificationRollup, VerificationTotal, VerificationKeyTotal];
