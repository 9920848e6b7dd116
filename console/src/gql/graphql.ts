/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: string; output: string; }
  /** The `JSONObject` scalar type represents JSON objects as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSONObject: { input: Record<string, unknown>; output: Record<string, unknown>; }
};

/** An API key. Its secret is returned once, by the mutation that makes it, and never read back. */
export type ApiKey = {
  /** IPv4/IPv6 addresses and CIDR ranges verify's `ip` and token requests must come from; null: any. */
  allowedIps: Maybe<Array<Scalars['String']['output']>>;
  application: Application;
  applicationId: Scalars['ID']['output'];
  createdAt: Scalars['DateTimeISO']['output'];
  createdBy: Maybe<Scalars['ID']['output']>;
  creditRefill: Maybe<CreditRefill>;
  /** Credits left (null: unlimited); a VALID verify spends its cost. Credits leased to a verifying instance are already deducted. */
  credits: Maybe<Scalars['Int']['output']>;
  description: Scalars['String']['output'];
  /** The payout account the key is bound to; immutable once a LIVE key carries it. */
  destination: Maybe<Scalars['String']['output']>;
  environment: Environment;
  exchangedForKeyId: Maybe<Scalars['ID']['output']>;
  expiresAt: Maybe<Scalars['DateTimeISO']['output']>;
  id: Scalars['ID']['output'];
  /** The first 12 characters of the current secret, e.g. sk_live_Ab3x. */
  keyPrefix: Scalars['String']['output'];
  kind: ApiKeyKind;
  lastUsedAt: Maybe<Scalars['DateTimeISO']['output']>;
  /** When a secret of this key was first reported leaked (secret scanning). */
  leakedAt: Maybe<Scalars['DateTimeISO']['output']>;
  /** Where the leaked secret was found, as the reporter gave it. */
  leakedUrl: Maybe<Scalars['String']['output']>;
  metadata: Maybe<Scalars['JSONObject']['output']>;
  name: Scalars['String']['output'];
  organizationId: Scalars['ID']['output'];
  /** Windows that count this key's verify and token calls (SPEC 7). */
  rateLimits: Array<RateLimit>;
  /** Recoverable keys can be read back with the account secret (retrieveApiKey). */
  recoverable: Scalars['Boolean']['output'];
  revokedAt: Maybe<Scalars['DateTimeISO']['output']>;
  revokedReason: Maybe<Scalars['String']['output']>;
  scopes: Array<Scalars['String']['output']>;
  /** The key's secrets, oldest first, at most `limit` (1 to 100) (prefixes and dates only, never the secret). */
  secrets: Array<ApiKeySecret>;
  /** Effective status: EXPIRED from the instant expiresAt passes. */
  status: ApiKeyStatus;
  updatedAt: Scalars['DateTimeISO']['output'];
  /** This key's verify and token requests per bucket (members only). */
  verificationStats: Array<VerificationBucket>;
  webhookUrl: Maybe<Scalars['String']['output']>;
};


/** An API key. Its secret is returned once, by the mutation that makes it, and never read back. */
export type ApiKeySecretsArgs = {
  limit?: Scalars['Int']['input'];
};


/** An API key. Its secret is returned once, by the mutation that makes it, and never read back. */
export type ApiKeyVerificationStatsArgs = {
  from: InputMaybe<Scalars['DateTimeISO']['input']>;
  granularity: StatsGranularity;
  to: InputMaybe<Scalars['DateTimeISO']['input']>;
};

export type ApiKeyFilter = {
  applicationId?: InputMaybe<Scalars['ID']['input']>;
  environment?: InputMaybe<Environment>;
  kind?: InputMaybe<ApiKeyKind>;
  status?: InputMaybe<ApiKeyStatus>;
};

export type ApiKeyKind =
  | 'PERMANENT'
  | 'TEMPORARY';

export type ApiKeyPage = {
  /** Pass as `after` for the next page. */
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  items: Array<ApiKey>;
  limit: Scalars['Int']['output'];
  page: Scalars['Int']['output'];
  /** Items in all pages, counted exactly up to 10,000; past that, this many and totalItemsIsExact false. */
  totalItems: Scalars['Int']['output'];
  /** False when totalItems is the counting bound, not the total. */
  totalItemsIsExact: Scalars['Boolean']['output'];
  totalPages: Scalars['Int']['output'];
};

/** One secret of a key. A key has several during a rotation's grace period. */
export type ApiKeySecret = {
  createdAt: Scalars['DateTimeISO']['output'];
  /** End of the grace period after a rotation. */
  expiresAt: Maybe<Scalars['DateTimeISO']['output']>;
  id: Scalars['ID']['output'];
  keyPrefix: Scalars['String']['output'];
  lastUsedAt: Maybe<Scalars['DateTimeISO']['output']>;
  status: ApiKeySecretStatus;
};

export type ApiKeySecretStatus =
  | 'ACTIVE'
  | 'EXPIRED';

export type ApiKeyStatus =
  | 'ACTIVE'
  | 'EXCHANGED'
  | 'EXPIRED'
  | 'INACTIVE'
  | 'PENDING_EXCHANGE'
  | 'REVOKED';

export type ApiKeyStatusChanged = {
  apiKey: ApiKey;
  occurredAt: Scalars['DateTimeISO']['output'];
  previousStatus: ApiKeyStatus;
  reason: Maybe<Scalars['String']['output']>;
  status: ApiKeyStatus;
};

/** A key and its requests in a time range. */
export type ApiKeyUsage = {
  apiKey: ApiKey;
  /** True when no key left out of the answer has more requests than this one. False only when many keys are nearly equally busy and ranking them all would cost too much: the totals are still exact, but a key not listed may have more (README, "Usage analytics"). */
  certain: Scalars['Boolean']['output'];
  total: Scalars['Int']['output'];
  valid: Scalars['Int']['output'];
};

/** A key with its secret. The secret is shown this once: store it now. */
export type ApiKeyWithSecret = {
  apiKey: ApiKey;
  secret: Scalars['String']['output'];
};

/** A logical grouping of keys, typically one integration (a web store, a staging backend). */
export type Application = {
  /** IPv4/IPv6 addresses and CIDR ranges every key of the application must be used from; null: any. */
  allowedIps: Maybe<Array<Scalars['String']['output']>>;
  /** The application's keys in pages, oldest first, with their total (batched across applications). */
  apiKeyPage: ApiKeyPage;
  /** The application's keys, oldest first: the first `limit` (1 to 100, default 100) after `after` (a key id). For totals and pages use apiKeyPage. */
  apiKeys: Array<ApiKey>;
  createdAt: Scalars['DateTimeISO']['output'];
  description: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  isEnabled: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  organization: Organization;
  organizationId: Scalars['ID']['output'];
  /** Windows that count the calls of all this application's keys together (SPEC 7). */
  rateLimits: Array<RateLimit>;
  updatedAt: Scalars['DateTimeISO']['output'];
  /** Requests of all the application's keys per bucket (members only). */
  verificationStats: Array<VerificationBucket>;
};


/** A logical grouping of keys, typically one integration (a web store, a staging backend). */
export type ApplicationApiKeyPageArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  limit?: Scalars['Int']['input'];
  page?: Scalars['Int']['input'];
};


/** A logical grouping of keys, typically one integration (a web store, a staging backend). */
export type ApplicationApiKeysArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  limit?: Scalars['Int']['input'];
};


/** A logical grouping of keys, typically one integration (a web store, a staging backend). */
export type ApplicationVerificationStatsArgs = {
  from: InputMaybe<Scalars['DateTimeISO']['input']>;
  granularity: StatsGranularity;
  to: InputMaybe<Scalars['DateTimeISO']['input']>;
};

export type ApplicationPage = {
  /** Pass as `after` for the next page. */
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  items: Array<Application>;
  limit: Scalars['Int']['output'];
  page: Scalars['Int']['output'];
  /** Items in all pages, counted exactly up to 10,000; past that, this many and totalItemsIsExact false. */
  totalItems: Scalars['Int']['output'];
  /** False when totalItems is the counting bound, not the total. */
  totalItemsIsExact: Scalars['Boolean']['output'];
  totalPages: Scalars['Int']['output'];
};

/** ENABLED or DISABLED (isEnabled). */
export type ApplicationStatus =
  | 'DISABLED'
  | 'ENABLED';

export type ApplicationStatusChanged = {
  application: Application;
  occurredAt: Scalars['DateTimeISO']['output'];
  previousStatus: ApplicationStatus;
  status: ApplicationStatus;
};

/** A recorded state change. */
export type AuditEvent = {
  /** Email of the acting user (for a personal access token, its owner); null for system and temporary_key. */
  actorEmail: Maybe<Scalars['String']['output']>;
  actorId: Maybe<Scalars['ID']['output']>;
  /** user, personal_access_token, system or temporary_key */
  actorType: Scalars['String']['output'];
  createdAt: Scalars['DateTimeISO']['output'];
  data: Scalars['JSONObject']['output'];
  id: Scalars['ID']['output'];
  organizationId: Maybe<Scalars['ID']['output']>;
  subjectId: Scalars['ID']['output'];
  subjectType: Scalars['String']['output'];
  /** e.g. api_key.created, api_key.revoked, application.disabled */
  type: Scalars['String']['output'];
};

/** A page of the audit log, newest first (Relay connection). */
export type AuditEventConnection = {
  edges: Array<AuditEventEdge>;
  pageInfo: AuditEventPageInfo;
  /** Events matching the filter, in all pages, counted exactly up to 10,000; past that, 10,000 and totalCountIsExact false. */
  totalCount: Scalars['Int']['output'];
  /** False when totalCount is the counting bound, not the total. */
  totalCountIsExact: Scalars['Boolean']['output'];
};

export type AuditEventEdge = {
  /** Pass as `after` to continue after this event. */
  cursor: Scalars['String']['output'];
  node: AuditEvent;
};

/** All given conditions must hold. */
export type AuditEventFilter = {
  /** Events at or after this time. */
  since?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Events about this object, e.g. a key id. */
  subjectId?: InputMaybe<Scalars['ID']['input']>;
  /** organization, application, api_key, member, … */
  subjectType?: InputMaybe<Scalars['String']['input']>;
  /** Any of these types, e.g. ["api_key.rotated", "api_key.revoked"]. */
  types?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Events before this time. */
  until?: InputMaybe<Scalars['DateTimeISO']['input']>;
};

export type AuditEventPageInfo = {
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type CreateApiKeyInput = {
  /** IPv4/IPv6 addresses and CIDR ranges (at most 100); null or [] removes the allowlist. */
  allowedIps?: InputMaybe<Array<Scalars['String']['input']>>;
  applicationId: Scalars['ID']['input'];
  /** Resets the balance to `amount` at each interval boundary (UTC); needs credits. */
  creditRefill?: InputMaybe<CreditRefillInput>;
  /** The credit balance (0-1,000,000,000); null: unlimited. Setting it replaces the balance. */
  credits?: InputMaybe<Scalars['Int']['input']>;
  /** What the key is for, e.g. "Production checkout service". */
  description: Scalars['String']['input'];
  /** The payout account the key is bound to. */
  destination?: InputMaybe<Scalars['String']['input']>;
  environment: Environment;
  /** When the key stops working; give this or expiresInDays. */
  expiresAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  expiresInDays?: InputMaybe<Scalars['Int']['input']>;
  /** Makes retries safe for 24 h: the same key and input replay the first result (secret included); other input under the same key is IDEMPOTENCY_KEY_REUSED. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Free-form JSON, at most 4 KB. */
  metadata?: InputMaybe<Scalars['JSONObject']['input']>;
  name: Scalars['String']['input'];
  /** Rate limits on this key (at most 10, names unique); null or [] removes them. */
  rateLimits?: InputMaybe<Array<RateLimitInput>>;
  /** Keep the secret sealed so retrieveApiKey can return it with the account secret (which must be set first). */
  recoverable?: Scalars['Boolean']['input'];
  /** e.g. payments:write, refunds, disputes:read */
  scopes?: Array<Scalars['String']['input']>;
  /** HTTPS URL that receives this key's events. */
  webhookUrl?: InputMaybe<Scalars['String']['input']>;
};

export type CreateApplicationInput = {
  /** IPv4/IPv6 addresses and CIDR ranges (at most 100) every key of the application must be used from. */
  allowedIps?: InputMaybe<Array<Scalars['String']['input']>>;
  description?: InputMaybe<Scalars['String']['input']>;
  /** 1-100 characters, unique within the organization (case-insensitive). */
  name: Scalars['String']['input'];
  organizationId: Scalars['ID']['input'];
  /** Rate limits shared by all the application's keys (at most 10, names unique); null or [] removes them. */
  rateLimits?: InputMaybe<Array<RateLimitInput>>;
};

export type CreateOrganizationInput = {
  keyPolicy?: InputMaybe<KeyPolicyInput>;
  name: Scalars['String']['input'];
  /** An existing user to add as OWNER. */
  ownerEmail?: InputMaybe<Scalars['String']['input']>;
  /** Makes this a connected account of that organization. */
  parentOrganizationId?: InputMaybe<Scalars['ID']['input']>;
  /** Lower-case letters, digits and dashes; derived from the name when omitted. */
  slug?: InputMaybe<Scalars['String']['input']>;
};

export type CreatePersonalAccessTokenInput = {
  /** When the token expires, at most 365 days ahead. Give this or expiresInDays. */
  expiresAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Days until the token expires, 1 to 365. Give this or expiresAt. */
  expiresInDays?: InputMaybe<Scalars['Int']['input']>;
  /** Act with at most this role (the lesser of it and the owner's role). */
  maxRole?: InputMaybe<MemberRole>;
  name: Scalars['String']['input'];
  /** Limit the token to this organization: elsewhere it finds nothing (NOT_FOUND). */
  organizationId?: InputMaybe<Scalars['ID']['input']>;
};

export type CreatePersonalAccessTokenPayload = {
  personalAccessToken: PersonalAccessToken;
  /** The token (pat_…). Shown once: it cannot be read again. */
  token: Scalars['String']['output'];
};

export type CreateUserInput = {
  email: Scalars['String']['input'];
  isPlatformAdmin?: InputMaybe<Scalars['Boolean']['input']>;
  /** 12 to 128 characters. */
  password: Scalars['String']['input'];
};

export type CreateWebhookEndpointInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  /** Event types to deliver (e.g. api_key.revoked); omitted or empty means all. */
  eventTypes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** eventTypes as the WebhookEventType enum (give one of the two). */
  events?: InputMaybe<Array<WebhookEventType>>;
  organizationId: Scalars['ID']['input'];
  /** https:// URL that receives POSTed events. */
  url: Scalars['String']['input'];
};

export type CreditOperation =
  | 'DECREMENT'
  | 'INCREMENT'
  | 'SET';

export type CreditRefill = {
  /** The balance after each refill (a refill sets, it does not add). */
  amount: Scalars['Int']['output'];
  /** MONTHLY only: 1-31, default 1. */
  dayOfMonth: Maybe<Scalars['Int']['output']>;
  interval: CreditRefillInterval;
};

export type CreditRefillInput = {
  amount: Scalars['Int']['input'];
  dayOfMonth?: InputMaybe<Scalars['Int']['input']>;
  interval: CreditRefillInterval;
};

/** Refills happen at 00:00 UTC: every day, or on `dayOfMonth` (the last day of shorter months). */
export type CreditRefillInterval =
  | 'DAILY'
  | 'MONTHLY';

export type Environment =
  | 'LIVE'
  | 'TEST';

/** The `extensions.code` of a GraphQL error from Keyward: no field has this type, it names the codes errors carry. BAD_USER_INPUT and SECRET_POLICY add `extensions.fields`, RATE_LIMITED and UNAVAILABLE `retryAfterSeconds`; RATE_LIMITED also `limit`, naming the limit met. */
export type ErrorCode =
  | 'ACTIVE_KEY_LIMIT'
  | 'ALREADY_REVOKED'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'IMMUTABLE_FIELD'
  | 'INTERNAL'
  | 'KEY_LIMIT'
  | 'MFA_REQUIRED'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'SECRET_POLICY'
  | 'TEMPORARY_KEY_EXPIRED'
  | 'TEMPORARY_KEY_USED'
  | 'UNAUTHENTICATED'
  | 'UNAVAILABLE';

/** A temporary key (tk_…), valid 7 days, to be exchanged once for a permanent key with these fields. */
export type IssueTemporaryApiKeyInput = {
  applicationId: Scalars['ID']['input'];
  description: Scalars['String']['input'];
  destination?: InputMaybe<Scalars['String']['input']>;
  environment: Environment;
  /** Makes retries safe for 24 h: the same key and input replay the first result (secret included); other input under the same key is IDEMPOTENCY_KEY_REUSED. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  metadata?: InputMaybe<Scalars['JSONObject']['input']>;
  /** Name of the permanent key the exchange makes. */
  name: Scalars['String']['input'];
  /** Make the permanent key recoverable with the account secret set at the exchange. */
  recoverable?: Scalars['Boolean']['input'];
  scopes?: Array<Scalars['String']['input']>;
  webhookUrl?: InputMaybe<Scalars['String']['input']>;
};

/** Limits and defaults applied to the keys of one organization. */
export type KeyPolicy = {
  accountSecretHistory: Scalars['Int']['output'];
  accountSecretRotationDays: Scalars['Int']['output'];
  keyCreationsPerMinutePerUser: Scalars['Int']['output'];
  /** REVOKE (default): a key whose secret is reported leaked is revoked at once; NOTIFY: only flagged and announced. */
  leakedKeyAction: LeakedKeyAction;
  liveKeysBeforeKyb: LiveKeysBeforeKyb;
  /** Active keys allowed per environment; null = unlimited, 1 = one active key. */
  maxActiveKeysPerEnvironment: Maybe<Scalars['Int']['output']>;
  maxKeysPerApplication: Scalars['Int']['output'];
  /** Members without a second factor are refused on this organization (MFA_REQUIRED) until they enrol one. */
  requireMfa: Scalars['Boolean']['output'];
  tokenTtlSeconds: Scalars['Int']['output'];
};

/** Fields of the key policy to change; omitted fields keep their value. */
export type KeyPolicyInput = {
  /** How many previous account secrets may not be reused, 0 to 24. */
  accountSecretHistory?: InputMaybe<Scalars['Int']['input']>;
  accountSecretRotationDays?: InputMaybe<Scalars['Int']['input']>;
  keyCreationsPerMinutePerUser?: InputMaybe<Scalars['Int']['input']>;
  /** What a reported leak does to a key: REVOKE (default) or NOTIFY. */
  leakedKeyAction?: InputMaybe<LeakedKeyAction>;
  liveKeysBeforeKyb?: InputMaybe<LiveKeysBeforeKyb>;
  /** null = unlimited; 1 = only one active key per environment. */
  maxActiveKeysPerEnvironment?: InputMaybe<Scalars['Int']['input']>;
  maxKeysPerApplication?: InputMaybe<Scalars['Int']['input']>;
  /** Refuse members without a second factor (MFA_REQUIRED) until they enrol one. */
  requireMfa?: InputMaybe<Scalars['Boolean']['input']>;
  /** Access-token lifetime, 60 to 86400 seconds. */
  tokenTtlSeconds?: InputMaybe<Scalars['Int']['input']>;
};

/** Know-your-business review of a merchant account. */
export type KybStatus =
  | 'APPROVED'
  | 'PENDING'
  | 'REJECTED';

/** What a reported leak of one of the organization's secrets does to its key. */
export type LeakedKeyAction =
  | 'NOTIFY'
  | 'REVOKE';

/** What happens to LIVE keys asked for before KYB approval. */
export type LiveKeysBeforeKyb =
  | 'DOWNGRADE_TO_TEST'
  | 'INACTIVE';

/** A session, or (mfaRequired) the challenge of the second step: completeLogin. */
export type LoginPayload = {
  /** Pass to completeLogin; valid for 5 minutes. */
  challenge: Maybe<Scalars['String']['output']>;
  expiresAt: Maybe<Scalars['DateTimeISO']['output']>;
  /** True when the user has a second factor: call completeLogin with `challenge`. */
  mfaRequired: Scalars['Boolean']['output'];
  /** The kinds of second factor the user can answer with. */
  secondFactorKinds: Array<SecondFactorKind>;
  /** A short-lived session token: send it as Authorization: Bearer <token>. Null while a second factor is required. */
  token: Maybe<Scalars['String']['output']>;
  user: User;
  /** WebAuthn request options (PublicKeyCredentialRequestOptionsJSON) when the user has a passkey. */
  webauthnOptions: Maybe<Scalars['JSONObject']['output']>;
};

/** A user's membership of an organization, with their role. */
export type Member = {
  createdAt: Scalars['DateTimeISO']['output'];
  id: Scalars['ID']['output'];
  organization: Organization;
  role: MemberRole;
  user: User;
};

/** A member's role in an organization; see the role matrix in the README. */
export type MemberRole =
  | 'ADMIN'
  | 'DEVELOPER'
  | 'OWNER'
  | 'VIEWER';

export type Mutation = {
  /** OWNER: adds a user by email. An email nobody has yet becomes a pending user (who cannot sign in until a platform admin creates the user with createUser), so the answer is the same whether or not the email is known. */
  addMember: Member;
  /** The second step of a sign-in with a second factor: the challenge from login and exactly one of code, recoveryCode, webauthnResponse. */
  completeLogin: LoginPayload;
  /** Finishes a TOTP enrolment; returns 10 single-use recovery codes, shown once (they replace any earlier ones). */
  confirmTotpEnrollment: SecondFactorEnrollmentPayload;
  /** DEVELOPER and up. Returns the secret once. */
  createApiKey: ApiKeyWithSecret;
  /** DEVELOPER and up. */
  createApplication: Application;
  /** Platform admins; or an OWNER of the parent, for a connected account. */
  createOrganization: Organization;
  /** A token for scripts; its value is returned once. */
  createPersonalAccessToken: CreatePersonalAccessTokenPayload;
  /** Platform admins only. */
  createUser: User;
  /** ADMIN and up. Returns the signing secret once. */
  createWebhookEndpoint: WebhookEndpointWithSecret;
  /** ADMIN and up. Drops the endpoint with its queued deliveries and history. */
  deleteWebhookEndpoint: WebhookEndpoint;
  /** No session needed: the temporary key is the credential. Sets the organization's account secret (or must match it), returns the permanent key and its secret once. Exactly once: TEMPORARY_KEY_USED afterwards, TEMPORARY_KEY_EXPIRED after 7 days. */
  exchangeTemporaryApiKey: ApiKeyWithSecret;
  /** OWNER. Ends one secret of a key now; the key's last working secret cannot be expired (revoke the key instead). */
  expireApiKeySecret: ApiKey;
  /** Registers the passkey from the browser's answer (RegistrationResponseJSON). */
  finishPasskeyEnrollment: SecondFactorEnrollmentPayload;
  /** Platform admin or OWNER. A tk_… key valid 7 days, to deliver out of band; returns its secret once. */
  issueTemporaryApiKey: ApiKeyWithSecret;
  /** Signs in with email and password; returns a session token valid for one hour. */
  login: LoginPayload;
  /** OWNER. Takes effect on the member's next request. The last OWNER cannot be removed (CONFLICT). */
  removeMember: Member;
  /** Needs your password. Removing the last factor also voids the recovery codes. */
  removeSecondFactor: SecondFactor;
  /** OWNER. The secret of a recoverable key, with the account secret. Wrong secrets are rate limited (RATE_LIMITED). */
  retrieveApiKey: ApiKeyWithSecret;
  /** OWNER. Immediate and final; revoking twice answers ALREADY_REVOKED. */
  revokeApiKey: ApiKey;
  revokePersonalAccessToken: PersonalAccessToken;
  /** OWNER. Adds a new secret (returned once); the old ones keep working for gracePeriodSeconds (at most 30 days; null = until expireApiKeySecret). */
  rotateApiKey: ApiKeyWithSecret;
  /** Platform admins only. Makes a new ES256 access-token signing key and returns its kid; the previous key stays in the JWKS so tokens it signed keep verifying until they expire. */
  rotateSigningKey: Scalars['String']['output'];
  /** ADMIN and up. A new secret, returned once; deliveries carry signatures by both secrets for overlapSeconds (default 1 day, at most 7). */
  rotateWebhookEndpointSecret: WebhookEndpointWithSecret;
  /** OWNER. 12-30 characters, an upper-case letter, a letter or digit, none of the last 4 (SECRET_POLICY, extensions.rule). currentSecret is required once a secret is set; wrong ones are rate limited. */
  setAccountSecret: Organization;
  /** ADMIN and up. Disabling stops every key of the application at once. */
  setApplicationEnabled: Application;
  /** Platform admins. APPROVED activates the INACTIVE LIVE keys; leaving APPROVED deactivates the ACTIVE ones. */
  setKybStatus: Organization;
  /** Needs your password. Returns WebAuthn creation options for the browser; finishPasskeyEnrollment with its answer. */
  startPasskeyEnrollment: StartPasskeyEnrollmentPayload;
  /** Needs your password. Returns a new TOTP secret; confirmTotpEnrollment with a code from the app finishes the enrolment. */
  startTotpEnrollment: StartTotpEnrollmentPayload;
  /** OWNER. */
  updateApiKey: ApiKey;
  /** SET, INCREMENT or DECREMENT (never below 0) a key's credits. ADMIN and OWNER. */
  updateApiKeyCredits: ApiKey;
  /** ADMIN and up. */
  updateApplication: Application;
  /** OWNER. The last OWNER cannot be demoted (CONFLICT). */
  updateMemberRole: Member;
  /** OWNER: rename, or change the key policy (input.keyPolicy). */
  updateOrganization: Organization;
  /** ADMIN and up. */
  updateWebhookEndpoint: WebhookEndpoint;
};


export type MutationAddMemberArgs = {
  email: Scalars['String']['input'];
  organizationId: Scalars['ID']['input'];
  role: MemberRole;
};


export type MutationCompleteLoginArgs = {
  challenge: Scalars['String']['input'];
  code: InputMaybe<Scalars['String']['input']>;
  recoveryCode: InputMaybe<Scalars['String']['input']>;
  webauthnResponse: InputMaybe<Scalars['JSONObject']['input']>;
};


export type MutationConfirmTotpEnrollmentArgs = {
  code: Scalars['String']['input'];
};


export type MutationCreateApiKeyArgs = {
  input: CreateApiKeyInput;
};


export type MutationCreateApplicationArgs = {
  input: CreateApplicationInput;
};


export type MutationCreateOrganizationArgs = {
  input: CreateOrganizationInput;
};


export type MutationCreatePersonalAccessTokenArgs = {
  input: CreatePersonalAccessTokenInput;
};


export type MutationCreateUserArgs = {
  input: CreateUserInput;
};


export type MutationCreateWebhookEndpointArgs = {
  input: CreateWebhookEndpointInput;
};


export type MutationDeleteWebhookEndpointArgs = {
  id: Scalars['ID']['input'];
};


export type MutationExchangeTemporaryApiKeyArgs = {
  accountSecret: Scalars['String']['input'];
  temporaryKey: Scalars['String']['input'];
};


export type MutationExpireApiKeySecretArgs = {
  apiKeyId: Scalars['ID']['input'];
  secretId: Scalars['ID']['input'];
};


export type MutationFinishPasskeyEnrollmentArgs = {
  response: Scalars['JSONObject']['input'];
};


export type MutationIssueTemporaryApiKeyArgs = {
  input: IssueTemporaryApiKeyInput;
};


export type MutationLoginArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


export type MutationRemoveMemberArgs = {
  organizationId: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
};


export type MutationRemoveSecondFactorArgs = {
  id: Scalars['ID']['input'];
  password: Scalars['String']['input'];
};


export type MutationRetrieveApiKeyArgs = {
  accountSecret: Scalars['String']['input'];
  apiKeyId: Scalars['ID']['input'];
};


export type MutationRevokeApiKeyArgs = {
  id: Scalars['ID']['input'];
  reason: InputMaybe<Scalars['String']['input']>;
};


export type MutationRevokePersonalAccessTokenArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRotateApiKeyArgs = {
  gracePeriodSeconds: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
};


export type MutationRotateWebhookEndpointSecretArgs = {
  id: Scalars['ID']['input'];
  overlapSeconds?: Scalars['Int']['input'];
};


export type MutationSetAccountSecretArgs = {
  currentSecret: InputMaybe<Scalars['String']['input']>;
  newSecret: Scalars['String']['input'];
  organizationId: Scalars['ID']['input'];
};


export type MutationSetApplicationEnabledArgs = {
  id: Scalars['ID']['input'];
  isEnabled: Scalars['Boolean']['input'];
};


export type MutationSetKybStatusArgs = {
  organizationId: Scalars['ID']['input'];
  status: KybStatus;
};


export type MutationStartPasskeyEnrollmentArgs = {
  password: Scalars['String']['input'];
};


export type MutationStartTotpEnrollmentArgs = {
  password: Scalars['String']['input'];
};


export type MutationUpdateApiKeyArgs = {
  id: Scalars['ID']['input'];
  input: UpdateApiKeyInput;
};


export type MutationUpdateApiKeyCreditsArgs = {
  amount: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  operation: CreditOperation;
};


export type MutationUpdateApplicationArgs = {
  id: Scalars['ID']['input'];
  input: UpdateApplicationInput;
};


export type MutationUpdateMemberRoleArgs = {
  organizationId: Scalars['ID']['input'];
  role: MemberRole;
  userId: Scalars['ID']['input'];
};


export type MutationUpdateOrganizationArgs = {
  id: Scalars['ID']['input'];
  input: UpdateOrganizationInput;
};


export type MutationUpdateWebhookEndpointArgs = {
  id: Scalars['ID']['input'];
  input: UpdateWebhookEndpointInput;
};

/** A merchant account: the tenant that owns applications, keys and members. */
export type Organization = {
  /** When the account secret falls due for rotation. */
  accountSecretRotationDueAt: Maybe<Scalars['DateTimeISO']['output']>;
  accountSecretSetAt: Maybe<Scalars['DateTimeISO']['output']>;
  applications: ApplicationPage;
  connectedAccounts: Array<Organization>;
  createdAt: Scalars['DateTimeISO']['output'];
  /** Whether an account secret has been set (by setAccountSecret or a temporary key exchange). */
  hasAccountSecret: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  keyPolicy: KeyPolicy;
  kybStatus: KybStatus;
  members: Array<Member>;
  name: Scalars['String']['output'];
  /** For a connected account: the platform or partner that manages it (null when you cannot read it). */
  parentOrganization: Maybe<Organization>;
  /** True once KYB is approved. */
  paymentsEnabled: Scalars['Boolean']['output'];
  slug: Scalars['String']['output'];
  updatedAt: Scalars['DateTimeISO']['output'];
};


/** A merchant account: the tenant that owns applications, keys and members. */
export type OrganizationApplicationsArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  limit?: Scalars['Int']['input'];
  page?: Scalars['Int']['input'];
};

/** A long-lived token for scripts (`pat_…`). Its value is shown once, at creation. */
export type PersonalAccessToken = {
  createdAt: Scalars['DateTimeISO']['output'];
  expiresAt: Maybe<Scalars['DateTimeISO']['output']>;
  id: Scalars['ID']['output'];
  lastUsedAt: Maybe<Scalars['DateTimeISO']['output']>;
  /** When set, the token acts with the lesser of this role and its owner's role. */
  maxRole: Maybe<MemberRole>;
  name: Scalars['String']['output'];
  /** When set, the token acts only in this organization (elsewhere NOT_FOUND). */
  organizationId: Maybe<Scalars['ID']['output']>;
  revokedAt: Maybe<Scalars['DateTimeISO']['output']>;
  /** The first characters of the token, to recognise it. */
  tokenPrefix: Scalars['String']['output'];
};

export type Query = {
  apiKey: ApiKey;
  /** The newest deliveries to a key's own webhookUrl. ADMIN and up. */
  apiKeyWebhookDeliveries: Array<WebhookDelivery>;
  /** The whsec_ secret that signs deliveries to this key's own webhookUrl. ADMIN and up. */
  apiKeyWebhookSecret: Scalars['String']['output'];
  apiKeys: ApiKeyPage;
  application: Application;
  applications: ApplicationPage;
  /** The organization's audit log, newest first. Any member may read it. */
  auditEvents: AuditEventConnection;
  /** The signed-in user. */
  me: User;
  organization: Organization;
  /** Organizations you belong to and their connected accounts (all of them for a platform admin). */
  organizations: Array<Organization>;
  /** The organization's keys with the most requests in the range (default: the last 24 h), busiest first. */
  topApiKeys: Array<ApiKeyUsage>;
  /** Verify and token requests of the organization (or one application or key) per bucket, zero-filled. */
  verificationStats: Array<VerificationBucket>;
  /** The newest deliveries to an endpoint with every attempt (status codes, next retry). ADMIN and up. */
  webhookDeliveries: Array<WebhookDelivery>;
  /** ADMIN and up. */
  webhookEndpoints: Array<WebhookEndpoint>;
};


export type QueryApiKeyArgs = {
  id: Scalars['ID']['input'];
};


export type QueryApiKeyWebhookDeliveriesArgs = {
  apiKeyId: Scalars['ID']['input'];
  limit?: Scalars['Int']['input'];
};


export type QueryApiKeyWebhookSecretArgs = {
  apiKeyId: Scalars['ID']['input'];
};


export type QueryApiKeysArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  filter: InputMaybe<ApiKeyFilter>;
  limit?: Scalars['Int']['input'];
  organizationId: Scalars['ID']['input'];
  page?: Scalars['Int']['input'];
};


export type QueryApplicationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryApplicationsArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  limit?: Scalars['Int']['input'];
  organizationId: Scalars['ID']['input'];
  page?: Scalars['Int']['input'];
};


export type QueryAuditEventsArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  filter: InputMaybe<AuditEventFilter>;
  first?: Scalars['Int']['input'];
  organizationId: Scalars['ID']['input'];
};


export type QueryOrganizationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTopApiKeysArgs = {
  from: InputMaybe<Scalars['DateTimeISO']['input']>;
  limit?: Scalars['Int']['input'];
  organizationId: Scalars['ID']['input'];
  to: InputMaybe<Scalars['DateTimeISO']['input']>;
};


export type QueryVerificationStatsArgs = {
  filter: InputMaybe<VerificationStatsFilter>;
  granularity: StatsGranularity;
  organizationId: Scalars['ID']['input'];
};


export type QueryWebhookDeliveriesArgs = {
  endpointId: Scalars['ID']['input'];
  limit?: Scalars['Int']['input'];
};


export type QueryWebhookEndpointsArgs = {
  organizationId: Scalars['ID']['input'];
};

/** At most `limit` units of cost per fixed window of `windowSeconds` (aligned to the Unix epoch). */
export type RateLimit = {
  limit: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  windowSeconds: Scalars['Int']['output'];
};

/** limit 1-1,000,000,000, windowSeconds 1-86,400; names unique per key or application. */
export type RateLimitInput = {
  limit: Scalars['Int']['input'];
  /** e.g. per-second, burst, daily: letters, digits and _ . : -, up to 64 characters. */
  name: Scalars['String']['input'];
  windowSeconds: Scalars['Int']['input'];
};

/** A second factor of the signed-in user. Its secret is never readable. */
export type SecondFactor = {
  createdAt: Scalars['DateTimeISO']['output'];
  id: Scalars['ID']['output'];
  kind: SecondFactorKind;
  lastUsedAt: Maybe<Scalars['DateTimeISO']['output']>;
};

export type SecondFactorEnrollmentPayload = {
  /** Single-use recovery codes, shown once. Empty when the user already holds unused ones (passkeys). */
  recoveryCodes: Array<Scalars['String']['output']>;
  secondFactor: SecondFactor;
};

/** TOTP: an authenticator app (RFC 6238). PASSKEY: a WebAuthn credential. */
export type SecondFactorKind =
  | 'PASSKEY'
  | 'TOTP';

export type StartPasskeyEnrollmentPayload = {
  /** PublicKeyCredentialCreationOptionsJSON for navigator.credentials.create (e.g. @simplewebauthn/browser startRegistration). */
  options: Scalars['JSONObject']['output'];
};

export type StartTotpEnrollmentPayload = {
  /** otpauth://totp/… for the QR code. */
  otpauthUri: Scalars['String']['output'];
  /** The base32 secret, for typing into an authenticator app. Shown once. */
  secret: Scalars['String']['output'];
};

/** Bucket size: MINUTE (kept 48 h, up to 48 h per query), HOUR (90 days), DAY (2 years). */
export type StatsGranularity =
  | 'DAY'
  | 'HOUR'
  | 'MINUTE';

export type Subscription = {
  /** Status changes of the organization's keys (and rotations), optionally of one application, as committed. Members of the organization only. */
  apiKeyStatusChanged: ApiKeyStatusChanged;
  /** Applications of the organization enabled or disabled. Members of the organization only. */
  applicationStatusChanged: ApplicationStatusChanged;
  /** Every audit event of the organization as it is committed. Members of the organization only. With `after` (a cursor: an event id), first replays the committed events after it, then continues live. No event is skipped, neither across a reconnect with `after` nor while the server's own Redis connection recovers; events near the cursor may come twice: deduplicate by `id`. */
  auditEventAdded: AuditEvent;
  /** Security events of the signed-in user as they are committed: second factors added or removed, recovery codes used. */
  securityEventAdded: AuditEvent;
};


export type SubscriptionApiKeyStatusChangedArgs = {
  applicationId: InputMaybe<Scalars['ID']['input']>;
  organizationId: Scalars['ID']['input'];
};


export type SubscriptionApplicationStatusChangedArgs = {
  organizationId: Scalars['ID']['input'];
};


export type SubscriptionAuditEventAddedArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  organizationId: Scalars['ID']['input'];
};

/** Fields to change; omitted fields keep their value, null clears an optional one. */
export type UpdateApiKeyInput = {
  /** IPv4/IPv6 addresses and CIDR ranges (at most 100); null or [] removes the allowlist. */
  allowedIps?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Resets the balance to `amount` at each interval boundary (UTC); needs credits. */
  creditRefill?: InputMaybe<CreditRefillInput>;
  /** The credit balance (0-1,000,000,000); null: unlimited. Setting it replaces the balance. */
  credits?: InputMaybe<Scalars['Int']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  destination?: InputMaybe<Scalars['String']['input']>;
  expiresAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  expiresInDays?: InputMaybe<Scalars['Int']['input']>;
  metadata?: InputMaybe<Scalars['JSONObject']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  /** Rate limits on this key (at most 10, names unique); null or [] removes them. */
  rateLimits?: InputMaybe<Array<RateLimitInput>>;
  scopes?: InputMaybe<Array<Scalars['String']['input']>>;
  webhookUrl?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateApplicationInput = {
  /** IPv4/IPv6 addresses and CIDR ranges (at most 100) every key of the application must be used from. */
  allowedIps?: InputMaybe<Array<Scalars['String']['input']>>;
  description?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  /** Rate limits shared by all the application's keys (at most 10, names unique); null or [] removes them. */
  rateLimits?: InputMaybe<Array<RateLimitInput>>;
};

export type UpdateOrganizationInput = {
  keyPolicy?: InputMaybe<KeyPolicyInput>;
  name?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateWebhookEndpointInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  eventTypes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** eventTypes as the WebhookEventType enum (give one of the two). */
  events?: InputMaybe<Array<WebhookEventType>>;
  /** Re-enabling clears the failure record. */
  isEnabled?: InputMaybe<Scalars['Boolean']['input']>;
  url?: InputMaybe<Scalars['String']['input']>;
};

/** A person who signs in to Keyward. */
export type User = {
  createdAt: Scalars['DateTimeISO']['output'];
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** Platform operators may do everything, in every organization. Shown only to yourself and to platform admins; false on other members. */
  isPlatformAdmin: Scalars['Boolean']['output'];
  /** The organizations this user belongs to (only for yourself). */
  memberships: Array<Member>;
  /** Your personal access tokens (only for yourself). */
  personalAccessTokens: Array<PersonalAccessToken>;
  /** Your confirmed second factors (only for yourself). */
  secondFactors: Array<SecondFactor>;
};

/** Verify and token requests in one bucket. */
export type VerificationBucket = {
  /** Counts by code, largest first; codes with no requests are left out. */
  byCode: Array<VerificationCount>;
  start: Scalars['DateTimeISO']['output'];
  total: Scalars['Int']['output'];
  valid: Scalars['Int']['output'];
};

export type VerificationCount = {
  /** A verify code (VALID, REVOKED, INSUFFICIENT_SCOPE, …); token requests count under the same codes. */
  code: Scalars['String']['output'];
  count: Scalars['Int']['output'];
};

/** Narrows verification statistics; `from` / `to` default to the last hour (MINUTE), day (HOUR) or 30 days (DAY). */
export type VerificationStatsFilter = {
  apiKeyId?: InputMaybe<Scalars['ID']['input']>;
  applicationId?: InputMaybe<Scalars['ID']['input']>;
  from?: InputMaybe<Scalars['DateTimeISO']['input']>;
  to?: InputMaybe<Scalars['DateTimeISO']['input']>;
};

/** An event queued for one webhook target, with its attempts. */
export type WebhookDelivery = {
  /** Set when the target is the key's own webhookUrl. */
  apiKeyId: Maybe<Scalars['ID']['output']>;
  attemptCount: Scalars['Int']['output'];
  attempts: Array<WebhookDeliveryAttempt>;
  createdAt: Scalars['DateTimeISO']['output'];
  deliveredAt: Maybe<Scalars['DateTimeISO']['output']>;
  endpointId: Maybe<Scalars['ID']['output']>;
  /** The audit event delivered; also the webhook-id header. */
  eventId: Scalars['ID']['output'];
  eventType: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lastError: Maybe<Scalars['String']['output']>;
  lastStatusCode: Maybe<Scalars['Int']['output']>;
  /** When the next attempt is due (PENDING only). */
  nextAttemptAt: Maybe<Scalars['DateTimeISO']['output']>;
  status: WebhookDeliveryStatus;
};

/** One attempt to deliver a delivery. */
export type WebhookDeliveryAttempt = {
  /** 1 for the first attempt. */
  attempt: Scalars['Int']['output'];
  attemptedAt: Scalars['DateTimeISO']['output'];
  durationMs: Scalars['Int']['output'];
  error: Maybe<Scalars['String']['output']>;
  /** The HTTP status answered; null when no answer came (timeout, refused, blocked address). */
  statusCode: Maybe<Scalars['Int']['output']>;
};

/** PENDING until a 2xx (SUCCEEDED) or until retries run out or the endpoint goes away (FAILED). */
export type WebhookDeliveryStatus =
  | 'FAILED'
  | 'PENDING'
  | 'SUCCEEDED';

/** An organization's webhook endpoint. Its signing secret is returned once, by the mutation that makes it. */
export type WebhookEndpoint = {
  createdAt: Scalars['DateTimeISO']['output'];
  description: Maybe<Scalars['String']['output']>;
  disabledReason: Maybe<Scalars['String']['output']>;
  /** Event types delivered here; empty means every type. */
  eventTypes: Array<Scalars['String']['output']>;
  /** eventTypes as the WebhookEventType enum; empty means every type. */
  events: Array<WebhookEventType>;
  /** Start of the current run of failed attempts; null while deliveries succeed. */
  failingSince: Maybe<Scalars['DateTimeISO']['output']>;
  id: Scalars['ID']['output'];
  /** False once disabled by hand, by a 410 answer, or after 3 days of failures. */
  isEnabled: Scalars['Boolean']['output'];
  organizationId: Scalars['ID']['output'];
  /** Until when deliveries are also signed with the previous secret. */
  previousSecretExpiresAt: Maybe<Scalars['DateTimeISO']['output']>;
  /** The first characters of the current secret, to tell secrets apart. */
  secretPrefix: Scalars['String']['output'];
  updatedAt: Scalars['DateTimeISO']['output'];
  url: Scalars['String']['output'];
};

/** An endpoint with its signing secret (whsec_…). The secret is shown this once: store it now. */
export type WebhookEndpointWithSecret = {
  secret: Scalars['String']['output'];
  webhookEndpoint: WebhookEndpoint;
};

/** An event type webhooks deliver (SPEC 4.3); the payload's `type` is the dotted name, e.g. API_KEY_REVOKED is delivered as `api_key.revoked`. */
export type WebhookEventType =
  /** Delivered as `account_secret.rotation_due`. */
  | 'ACCOUNT_SECRET_ROTATION_DUE'
  /** Delivered as `api_key.activated`. */
  | 'API_KEY_ACTIVATED'
  /** Delivered as `api_key.created`. */
  | 'API_KEY_CREATED'
  /** Delivered as `api_key.credits_exhausted`. */
  | 'API_KEY_CREDITS_EXHAUSTED'
  /** Delivered as `api_key.exchanged`. */
  | 'API_KEY_EXCHANGED'
  /** Delivered as `api_key.expired`. */
  | 'API_KEY_EXPIRED'
  /** Delivered as `api_key.leaked`. */
  | 'API_KEY_LEAKED'
  /** Delivered as `api_key.revoked`. */
  | 'API_KEY_REVOKED'
  /** Delivered as `api_key.rotated`. */
  | 'API_KEY_ROTATED'
  /** Delivered as `api_key.secret_expired`. */
  | 'API_KEY_SECRET_EXPIRED'
  /** Delivered as `application.disabled`. */
  | 'APPLICATION_DISABLED'
  /** Delivered as `application.enabled`. */
  | 'APPLICATION_ENABLED'
  /** Delivered as `organization.kyb_status_changed`. */
  | 'ORGANIZATION_KYB_STATUS_CHANGED';

export type AddMemberMutationVariables = Exact<{
  organizationId: Scalars['ID']['input'];
  email: Scalars['String']['input'];
  role: MemberRole;
}>;


export type AddMemberMutation = { addMember: { id: string, role: MemberRole, createdAt: string, user: { id: string, email: string } } };

export type ApiKeyQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ApiKeyQuery = { apiKey: { id: string, applicationId: string, name: string, description: string, keyPrefix: string, environment: Environment, kind: ApiKeyKind, status: ApiKeyStatus, scopes: Array<string>, lastUsedAt: string | null, expiresAt: string | null, createdAt: string, revokedAt: string | null, revokedReason: string | null, leakedAt: string | null, leakedUrl: string | null, webhookUrl: string | null, recoverable: boolean, allowedIps: Array<string> | null, credits: number | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }>, creditRefill: { amount: number, interval: CreditRefillInterval, dayOfMonth: number | null } | null, secrets: Array<{ id: string, keyPrefix: string, status: ApiKeySecretStatus, createdAt: string, expiresAt: string | null, lastUsedAt: string | null }> } };

export type ApiKeyFieldsFragment = { id: string, applicationId: string, name: string, description: string, keyPrefix: string, environment: Environment, kind: ApiKeyKind, status: ApiKeyStatus, scopes: Array<string>, lastUsedAt: string | null, expiresAt: string | null, createdAt: string, revokedAt: string | null, revokedReason: string | null, leakedAt: string | null, leakedUrl: string | null, webhookUrl: string | null, recoverable: boolean, allowedIps: Array<string> | null, credits: number | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }>, creditRefill: { amount: number, interval: CreditRefillInterval, dayOfMonth: number | null } | null, secrets: Array<{ id: string, keyPrefix: string, status: ApiKeySecretStatus, createdAt: string, expiresAt: string | null, lastUsedAt: string | null }> };

export type ApiKeyStatusChangedSubscriptionVariables = Exact<{
  organizationId: Scalars['ID']['input'];
  applicationId: InputMaybe<Scalars['ID']['input']>;
}>;


export type ApiKeyStatusChangedSubscription = { apiKeyStatusChanged: { previousStatus: ApiKeyStatus, status: ApiKeyStatus, reason: string | null, occurredAt: string, apiKey: { id: string, applicationId: string, name: string, description: string, keyPrefix: string, environment: Environment, kind: ApiKeyKind, status: ApiKeyStatus, scopes: Array<string>, lastUsedAt: string | null, expiresAt: string | null, createdAt: string, revokedAt: string | null, revokedReason: string | null, leakedAt: string | null, leakedUrl: string | null, webhookUrl: string | null, recoverable: boolean, allowedIps: Array<string> | null, credits: number | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }>, creditRefill: { amount: number, interval: CreditRefillInterval, dayOfMonth: number | null } | null, secrets: Array<{ id: string, keyPrefix: string, status: ApiKeySecretStatus, createdAt: string, expiresAt: string | null, lastUsedAt: string | null }> } } };

export type ApiKeysQueryVariables = Exact<{
  organizationId: Scalars['ID']['input'];
  applicationId: Scalars['ID']['input'];
  page: Scalars['Int']['input'];
  limit: Scalars['Int']['input'];
}>;


export type ApiKeysQuery = { apiKeys: { page: number, limit: number, totalItems: number, totalPages: number, hasPreviousPage: boolean, hasNextPage: boolean, items: Array<{ id: string, applicationId: string, name: string, description: string, keyPrefix: string, environment: Environment, kind: ApiKeyKind, status: ApiKeyStatus, scopes: Array<string>, lastUsedAt: string | null, expiresAt: string | null, createdAt: string, revokedAt: string | null, revokedReason: string | null, leakedAt: string | null, leakedUrl: string | null, webhookUrl: string | null, recoverable: boolean, allowedIps: Array<string> | null, credits: number | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }>, creditRefill: { amount: number, interval: CreditRefillInterval, dayOfMonth: number | null } | null, secrets: Array<{ id: string, keyPrefix: string, status: ApiKeySecretStatus, createdAt: string, expiresAt: string | null, lastUsedAt: string | null }> }> } };

export type ApplicationQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ApplicationQuery = { application: { id: string, organizationId: string, name: string, description: string | null, isEnabled: boolean, createdAt: string, allowedIps: Array<string> | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }> } };

export type ApplicationFieldsFragment = { id: string, organizationId: string, name: string, description: string | null, isEnabled: boolean, createdAt: string, allowedIps: Array<string> | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }> };

export type ApplicationStatusChangedSubscriptionVariables = Exact<{
  organizationId: Scalars['ID']['input'];
}>;


export type ApplicationStatusChangedSubscription = { applicationStatusChanged: { previousStatus: ApplicationStatus, status: ApplicationStatus, occurredAt: string, application: { id: string, organizationId: string, name: string, description: string | null, isEnabled: boolean, createdAt: string, allowedIps: Array<string> | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }> } } };

export type ApplicationsQueryVariables = Exact<{
  organizationId: Scalars['ID']['input'];
  page: Scalars['Int']['input'];
  limit: Scalars['Int']['input'];
}>;


export type ApplicationsQuery = { applications: { page: number, limit: number, totalItems: number, totalPages: number, hasPreviousPage: boolean, hasNextPage: boolean, items: Array<{ id: string, organizationId: string, name: string, description: string | null, isEnabled: boolean, createdAt: string, allowedIps: Array<string> | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }> }> } };

export type AuditEventAddedSubscriptionVariables = Exact<{
  organizationId: Scalars['ID']['input'];
  after: InputMaybe<Scalars['String']['input']>;
}>;


export type AuditEventAddedSubscription = { auditEventAdded: { id: string, type: string, actorType: string, actorId: string | null, actorEmail: string | null, subjectType: string, subjectId: string, data: Record<string, unknown>, createdAt: string } };

export type AuditEventFieldsFragment = { id: string, type: string, actorType: string, actorId: string | null, actorEmail: string | null, subjectType: string, subjectId: string, data: Record<string, unknown>, createdAt: string };

export type AuditEventsQueryVariables = Exact<{
  organizationId: Scalars['ID']['input'];
  filter: InputMaybe<AuditEventFilter>;
  first: Scalars['Int']['input'];
  after: InputMaybe<Scalars['String']['input']>;
}>;


export type AuditEventsQuery = { auditEvents: { totalCount: number, pageInfo: { endCursor: string | null, hasNextPage: boolean }, edges: Array<{ cursor: string, node: { id: string, type: string, actorType: string, actorId: string | null, actorEmail: string | null, subjectType: string, subjectId: string, data: Record<string, unknown>, createdAt: string } }> } };

export type CompleteLoginMutationVariables = Exact<{
  challenge: Scalars['String']['input'];
  code: InputMaybe<Scalars['String']['input']>;
  recoveryCode: InputMaybe<Scalars['String']['input']>;
  webauthnResponse: InputMaybe<Scalars['JSONObject']['input']>;
}>;


export type CompleteLoginMutation = { completeLogin: { token: string | null, expiresAt: string | null, user: { id: string, email: string } } };

export type ConfirmTotpEnrollmentMutationVariables = Exact<{
  code: Scalars['String']['input'];
}>;


export type ConfirmTotpEnrollmentMutation = { confirmTotpEnrollment: { recoveryCodes: Array<string>, secondFactor: { id: string, kind: SecondFactorKind, createdAt: string, lastUsedAt: string | null } } };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey: { secret: string, apiKey: { id: string, applicationId: string, name: string, description: string, keyPrefix: string, environment: Environment, kind: ApiKeyKind, status: ApiKeyStatus, scopes: Array<string>, lastUsedAt: string | null, expiresAt: string | null, createdAt: string, revokedAt: string | null, revokedReason: string | null, leakedAt: string | null, leakedUrl: string | null, webhookUrl: string | null, recoverable: boolean, allowedIps: Array<string> | null, credits: number | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }>, creditRefill: { amount: number, interval: CreditRefillInterval, dayOfMonth: number | null } | null, secrets: Array<{ id: string, keyPrefix: string, status: ApiKeySecretStatus, createdAt: string, expiresAt: string | null, lastUsedAt: string | null }> } } };

export type CreateApplicationMutationVariables = Exact<{
  input: CreateApplicationInput;
}>;


export type CreateApplicationMutation = { createApplication: { id: string, organizationId: string, name: string, description: string | null, isEnabled: boolean, createdAt: string, allowedIps: Array<string> | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }> } };

export type CreateOrganizationMutationVariables = Exact<{
  input: CreateOrganizationInput;
}>;


export type CreateOrganizationMutation = { createOrganization: { id: string, name: string, slug: string, kybStatus: KybStatus, paymentsEnabled: boolean, keyPolicy: { requireMfa: boolean }, parentOrganization: { id: string, name: string } | null } };

export type CreatePersonalAccessTokenMutationVariables = Exact<{
  input: CreatePersonalAccessTokenInput;
}>;


export type CreatePersonalAccessTokenMutation = { createPersonalAccessToken: { token: string, personalAccessToken: { id: string, name: string, tokenPrefix: string, organizationId: string | null, maxRole: MemberRole | null, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null } } };

export type CreateWebhookEndpointMutationVariables = Exact<{
  input: CreateWebhookEndpointInput;
}>;


export type CreateWebhookEndpointMutation = { createWebhookEndpoint: { secret: string, webhookEndpoint: { id: string, organizationId: string, url: string, description: string | null, eventTypes: Array<string>, isEnabled: boolean, disabledReason: string | null, failingSince: string | null, secretPrefix: string, previousSecretExpiresAt: string | null, createdAt: string, updatedAt: string } } };

export type DeleteWebhookEndpointMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteWebhookEndpointMutation = { deleteWebhookEndpoint: { id: string } };

export type ExchangeTemporaryApiKeyMutationVariables = Exact<{
  temporaryKey: Scalars['String']['input'];
  accountSecret: Scalars['String']['input'];
}>;


export type ExchangeTemporaryApiKeyMutation = { exchangeTemporaryApiKey: { secret: string, apiKey: { id: string, name: string, keyPrefix: string, environment: Environment, status: ApiKeyStatus } } };

export type ExpireApiKeySecretMutationVariables = Exact<{
  apiKeyId: Scalars['ID']['input'];
  secretId: Scalars['ID']['input'];
}>;


export type ExpireApiKeySecretMutation = { expireApiKeySecret: { id: string, applicationId: string, name: string, description: string, keyPrefix: string, environment: Environment, kind: ApiKeyKind, status: ApiKeyStatus, scopes: Array<string>, lastUsedAt: string | null, expiresAt: string | null, createdAt: string, revokedAt: string | null, revokedReason: string | null, leakedAt: string | null, leakedUrl: string | null, webhookUrl: string | null, recoverable: boolean, allowedIps: Array<string> | null, credits: number | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }>, creditRefill: { amount: number, interval: CreditRefillInterval, dayOfMonth: number | null } | null, secrets: Array<{ id: string, keyPrefix: string, status: ApiKeySecretStatus, createdAt: string, expiresAt: string | null, lastUsedAt: string | null }> } };

export type FinishPasskeyEnrollmentMutationVariables = Exact<{
  response: Scalars['JSONObject']['input'];
}>;


export type FinishPasskeyEnrollmentMutation = { finishPasskeyEnrollment: { recoveryCodes: Array<string>, secondFactor: { id: string, kind: SecondFactorKind, createdAt: string, lastUsedAt: string | null } } };

export type IssueTemporaryApiKeyMutationVariables = Exact<{
  input: IssueTemporaryApiKeyInput;
}>;


export type IssueTemporaryApiKeyMutation = { issueTemporaryApiKey: { secret: string, apiKey: { id: string, applicationId: string, name: string, description: string, keyPrefix: string, environment: Environment, kind: ApiKeyKind, status: ApiKeyStatus, scopes: Array<string>, lastUsedAt: string | null, expiresAt: string | null, createdAt: string, revokedAt: string | null, revokedReason: string | null, leakedAt: string | null, leakedUrl: string | null, webhookUrl: string | null, recoverable: boolean, allowedIps: Array<string> | null, credits: number | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }>, creditRefill: { amount: number, interval: CreditRefillInterval, dayOfMonth: number | null } | null, secrets: Array<{ id: string, keyPrefix: string, status: ApiKeySecretStatus, createdAt: string, expiresAt: string | null, lastUsedAt: string | null }> } } };

export type KeyUsageQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  granularity: StatsGranularity;
  from: InputMaybe<Scalars['DateTimeISO']['input']>;
}>;


export type KeyUsageQuery = { apiKey: { id: string, verificationStats: Array<{ start: string, total: number, valid: number, byCode: Array<{ code: string, count: number }> }> } };

export type LoginMutationVariables = Exact<{
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
}>;


export type LoginMutation = { login: { token: string | null, expiresAt: string | null, mfaRequired: boolean, challenge: string | null, secondFactorKinds: Array<SecondFactorKind>, webauthnOptions: Record<string, unknown> | null, user: { id: string, email: string } } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, email: string, isPlatformAdmin: boolean, secondFactors: Array<{ id: string }>, memberships: Array<{ id: string, role: MemberRole, organization: { id: string, name: string } }> } };

export type MemberFieldsFragment = { id: string, role: MemberRole, createdAt: string, user: { id: string, email: string } };

export type MyPersonalAccessTokensQueryVariables = Exact<{ [key: string]: never; }>;


export type MyPersonalAccessTokensQuery = { me: { id: string, email: string, personalAccessTokens: Array<{ id: string, name: string, tokenPrefix: string, organizationId: string | null, maxRole: MemberRole | null, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null }> } };

export type MySecondFactorsQueryVariables = Exact<{ [key: string]: never; }>;


export type MySecondFactorsQuery = { me: { id: string, email: string, secondFactors: Array<{ id: string, kind: SecondFactorKind, createdAt: string, lastUsedAt: string | null }> } };

export type OrganizationMembersQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type OrganizationMembersQuery = { organization: { id: string, name: string, members: Array<{ id: string, role: MemberRole, createdAt: string, user: { id: string, email: string } }> } };

export type OrganizationSettingsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type OrganizationSettingsQuery = { organization: { id: string, name: string, slug: string, kybStatus: KybStatus, paymentsEnabled: boolean, hasAccountSecret: boolean, accountSecretSetAt: string | null, accountSecretRotationDueAt: string | null, keyPolicy: { maxActiveKeysPerEnvironment: number | null, maxKeysPerApplication: number, keyCreationsPerMinutePerUser: number, liveKeysBeforeKyb: LiveKeysBeforeKyb, leakedKeyAction: LeakedKeyAction, tokenTtlSeconds: number, accountSecretRotationDays: number, accountSecretHistory: number, requireMfa: boolean } } };

export type OrganizationsQueryVariables = Exact<{ [key: string]: never; }>;


export type OrganizationsQuery = { organizations: Array<{ id: string, name: string, slug: string, kybStatus: KybStatus, paymentsEnabled: boolean, keyPolicy: { requireMfa: boolean }, parentOrganization: { id: string, name: string } | null }> };

export type PersonalAccessTokenFieldsFragment = { id: string, name: string, tokenPrefix: string, organizationId: string | null, maxRole: MemberRole | null, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null };

export type RemoveMemberMutationVariables = Exact<{
  organizationId: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
}>;


export type RemoveMemberMutation = { removeMember: { id: string } };

export type RemoveSecondFactorMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  password: Scalars['String']['input'];
}>;


export type RemoveSecondFactorMutation = { removeSecondFactor: { id: string } };

export type RetrieveApiKeyMutationVariables = Exact<{
  apiKeyId: Scalars['ID']['input'];
  accountSecret: Scalars['String']['input'];
}>;


export type RetrieveApiKeyMutation = { retrieveApiKey: { secret: string, apiKey: { id: string, applicationId: string, name: string, description: string, keyPrefix: string, environment: Environment, kind: ApiKeyKind, status: ApiKeyStatus, scopes: Array<string>, lastUsedAt: string | null, expiresAt: string | null, createdAt: string, revokedAt: string | null, revokedReason: string | null, leakedAt: string | null, leakedUrl: string | null, webhookUrl: string | null, recoverable: boolean, allowedIps: Array<string> | null, credits: number | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }>, creditRefill: { amount: number, interval: CreditRefillInterval, dayOfMonth: number | null } | null, secrets: Array<{ id: string, keyPrefix: string, status: ApiKeySecretStatus, createdAt: string, expiresAt: string | null, lastUsedAt: string | null }> } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  reason: InputMaybe<Scalars['String']['input']>;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { id: string, applicationId: string, name: string, description: string, keyPrefix: string, environment: Environment, kind: ApiKeyKind, status: ApiKeyStatus, scopes: Array<string>, lastUsedAt: string | null, expiresAt: string | null, createdAt: string, revokedAt: string | null, revokedReason: string | null, leakedAt: string | null, leakedUrl: string | null, webhookUrl: string | null, recoverable: boolean, allowedIps: Array<string> | null, credits: number | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }>, creditRefill: { amount: number, interval: CreditRefillInterval, dayOfMonth: number | null } | null, secrets: Array<{ id: string, keyPrefix: string, status: ApiKeySecretStatus, createdAt: string, expiresAt: string | null, lastUsedAt: string | null }> } };

export type RevokePersonalAccessTokenMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RevokePersonalAccessTokenMutation = { revokePersonalAccessToken: { id: string, name: string, tokenPrefix: string, organizationId: string | null, maxRole: MemberRole | null, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null } };

export type RotateApiKeyMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  gracePeriodSeconds: InputMaybe<Scalars['Int']['input']>;
}>;


export type RotateApiKeyMutation = { rotateApiKey: { secret: string, apiKey: { id: string, applicationId: string, name: string, description: string, keyPrefix: string, environment: Environment, kind: ApiKeyKind, status: ApiKeyStatus, scopes: Array<string>, lastUsedAt: string | null, expiresAt: string | null, createdAt: string, revokedAt: string | null, revokedReason: string | null, leakedAt: string | null, leakedUrl: string | null, webhookUrl: string | null, recoverable: boolean, allowedIps: Array<string> | null, credits: number | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }>, creditRefill: { amount: number, interval: CreditRefillInterval, dayOfMonth: number | null } | null, secrets: Array<{ id: string, keyPrefix: string, status: ApiKeySecretStatus, createdAt: string, expiresAt: string | null, lastUsedAt: string | null }> } } };

export type RotateWebhookEndpointSecretMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  overlapSeconds: Scalars['Int']['input'];
}>;


export type RotateWebhookEndpointSecretMutation = { rotateWebhookEndpointSecret: { secret: string, webhookEndpoint: { id: string, organizationId: string, url: string, description: string | null, eventTypes: Array<string>, isEnabled: boolean, disabledReason: string | null, failingSince: string | null, secretPrefix: string, previousSecretExpiresAt: string | null, createdAt: string, updatedAt: string } } };

export type SecondFactorFieldsFragment = { id: string, kind: SecondFactorKind, createdAt: string, lastUsedAt: string | null };

export type SetAccountSecretMutationVariables = Exact<{
  organizationId: Scalars['ID']['input'];
  currentSecret: InputMaybe<Scalars['String']['input']>;
  newSecret: Scalars['String']['input'];
}>;


export type SetAccountSecretMutation = { setAccountSecret: { id: string, hasAccountSecret: boolean, accountSecretSetAt: string | null, accountSecretRotationDueAt: string | null } };

export type SetApplicationEnabledMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  isEnabled: Scalars['Boolean']['input'];
}>;


export type SetApplicationEnabledMutation = { setApplicationEnabled: { id: string, organizationId: string, name: string, description: string | null, isEnabled: boolean, createdAt: string, allowedIps: Array<string> | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }> } };

export type SetKybStatusMutationVariables = Exact<{
  organizationId: Scalars['ID']['input'];
  status: KybStatus;
}>;


export type SetKybStatusMutation = { setKybStatus: { id: string, kybStatus: KybStatus, paymentsEnabled: boolean } };

export type StartPasskeyEnrollmentMutationVariables = Exact<{
  password: Scalars['String']['input'];
}>;


export type StartPasskeyEnrollmentMutation = { startPasskeyEnrollment: { options: Record<string, unknown> } };

export type StartTotpEnrollmentMutationVariables = Exact<{
  password: Scalars['String']['input'];
}>;


export type StartTotpEnrollmentMutation = { startTotpEnrollment: { secret: string, otpauthUri: string } };

export type UpdateApiKeyUsageMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: UpdateApiKeyInput;
}>;


export type UpdateApiKeyUsageMutation = { updateApiKey: { id: string, applicationId: string, name: string, description: string, keyPrefix: string, environment: Environment, kind: ApiKeyKind, status: ApiKeyStatus, scopes: Array<string>, lastUsedAt: string | null, expiresAt: string | null, createdAt: string, revokedAt: string | null, revokedReason: string | null, leakedAt: string | null, leakedUrl: string | null, webhookUrl: string | null, recoverable: boolean, allowedIps: Array<string> | null, credits: number | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }>, creditRefill: { amount: number, interval: CreditRefillInterval, dayOfMonth: number | null } | null, secrets: Array<{ id: string, keyPrefix: string, status: ApiKeySecretStatus, createdAt: string, expiresAt: string | null, lastUsedAt: string | null }> } };

export type UpdateApplicationMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: UpdateApplicationInput;
}>;


export type UpdateApplicationMutation = { updateApplication: { id: string, organizationId: string, name: string, description: string | null, isEnabled: boolean, createdAt: string, allowedIps: Array<string> | null, rateLimits: Array<{ name: string, limit: number, windowSeconds: number }> } };

export type UpdateKeyPolicyMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  keyPolicy: KeyPolicyInput;
}>;


export type UpdateKeyPolicyMutation = { updateOrganization: { id: string, keyPolicy: { maxActiveKeysPerEnvironment: number | null, maxKeysPerApplication: number, keyCreationsPerMinutePerUser: number, liveKeysBeforeKyb: LiveKeysBeforeKyb, leakedKeyAction: LeakedKeyAction, tokenTtlSeconds: number, accountSecretRotationDays: number, accountSecretHistory: number, requireMfa: boolean } } };

export type UpdateMemberRoleMutationVariables = Exact<{
  organizationId: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
  role: MemberRole;
}>;


export type UpdateMemberRoleMutation = { updateMemberRole: { id: string, role: MemberRole, createdAt: string, user: { id: string, email: string } } };

export type UpdateWebhookEndpointMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: UpdateWebhookEndpointInput;
}>;


export type UpdateWebhookEndpointMutation = { updateWebhookEndpoint: { id: string, organizationId: string, url: string, description: string | null, eventTypes: Array<string>, isEnabled: boolean, disabledReason: string | null, failingSince: string | null, secretPrefix: string, previousSecretExpiresAt: string | null, createdAt: string, updatedAt: string } };

export type UsageOverviewQueryVariables = Exact<{
  organizationId: Scalars['ID']['input'];
  granularity: StatsGranularity;
  from: InputMaybe<Scalars['DateTimeISO']['input']>;
}>;


export type UsageOverviewQuery = { verificationStats: Array<{ start: string, total: number, valid: number, byCode: Array<{ code: string, count: number }> }>, topApiKeys: Array<{ total: number, valid: number, certain: boolean, apiKey: { id: string, name: string, keyPrefix: string } }> };

export type VerificationBucketFieldsFragment = { start: string, total: number, valid: number, byCode: Array<{ code: string, count: number }> };

export type WebhookDeliveriesQueryVariables = Exact<{
  endpointId: Scalars['ID']['input'];
  limit: Scalars['Int']['input'];
}>;


export type WebhookDeliveriesQuery = { webhookDeliveries: Array<{ id: string, eventId: string, eventType: string, status: WebhookDeliveryStatus, attemptCount: number, lastStatusCode: number | null, lastError: string | null, nextAttemptAt: string | null, deliveredAt: string | null, createdAt: string, attempts: Array<{ attempt: number, attemptedAt: string, durationMs: number, statusCode: number | null, error: string | null }> }> };

export type WebhookEndpointFieldsFragment = { id: string, organizationId: string, url: string, description: string | null, eventTypes: Array<string>, isEnabled: boolean, disabledReason: string | null, failingSince: string | null, secretPrefix: string, previousSecretExpiresAt: string | null, createdAt: string, updatedAt: string };

export type WebhookEndpointsQueryVariables = Exact<{
  organizationId: Scalars['ID']['input'];
}>;


export type WebhookEndpointsQuery = { webhookEndpoints: Array<{ id: string, organizationId: string, url: string, description: string | null, eventTypes: Array<string>, isEnabled: boolean, disabledReason: string | null, failingSince: string | null, secretPrefix: string, previousSecretExpiresAt: string | null, createdAt: string, updatedAt: string }> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ApiKeyFieldsFragmentDoc = new TypedDocumentString(`
    fragment ApiKeyFields on ApiKey {
  id
  applicationId
  name
  description
  keyPrefix
  environment
  kind
  status
  scopes
  lastUsedAt
  expiresAt
  createdAt
  revokedAt
  revokedReason
  leakedAt
  leakedUrl
  webhookUrl
  recoverable
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
  credits
  creditRefill {
    amount
    interval
    dayOfMonth
  }
  secrets {
    id
    keyPrefix
    status
    createdAt
    expiresAt
    lastUsedAt
  }
}
    `, {"fragmentName":"ApiKeyFields"}) as unknown as TypedDocumentString<ApiKeyFieldsFragment, unknown>;
export const ApplicationFieldsFragmentDoc = new TypedDocumentString(`
    fragment ApplicationFields on Application {
  id
  organizationId
  name
  description
  isEnabled
  createdAt
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
}
    `, {"fragmentName":"ApplicationFields"}) as unknown as TypedDocumentString<ApplicationFieldsFragment, unknown>;
export const AuditEventFieldsFragmentDoc = new TypedDocumentString(`
    fragment AuditEventFields on AuditEvent {
  id
  type
  actorType
  actorId
  actorEmail
  subjectType
  subjectId
  data
  createdAt
}
    `, {"fragmentName":"AuditEventFields"}) as unknown as TypedDocumentString<AuditEventFieldsFragment, unknown>;
export const MemberFieldsFragmentDoc = new TypedDocumentString(`
    fragment MemberFields on Member {
  id
  role
  createdAt
  user {
    id
    email
  }
}
    `, {"fragmentName":"MemberFields"}) as unknown as TypedDocumentString<MemberFieldsFragment, unknown>;
export const PersonalAccessTokenFieldsFragmentDoc = new TypedDocumentString(`
    fragment PersonalAccessTokenFields on PersonalAccessToken {
  id
  name
  tokenPrefix
  organizationId
  maxRole
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}
    `, {"fragmentName":"PersonalAccessTokenFields"}) as unknown as TypedDocumentString<PersonalAccessTokenFieldsFragment, unknown>;
export const SecondFactorFieldsFragmentDoc = new TypedDocumentString(`
    fragment SecondFactorFields on SecondFactor {
  id
  kind
  createdAt
  lastUsedAt
}
    `, {"fragmentName":"SecondFactorFields"}) as unknown as TypedDocumentString<SecondFactorFieldsFragment, unknown>;
export const VerificationBucketFieldsFragmentDoc = new TypedDocumentString(`
    fragment VerificationBucketFields on VerificationBucket {
  start
  total
  valid
  byCode {
    code
    count
  }
}
    `, {"fragmentName":"VerificationBucketFields"}) as unknown as TypedDocumentString<VerificationBucketFieldsFragment, unknown>;
export const WebhookEndpointFieldsFragmentDoc = new TypedDocumentString(`
    fragment WebhookEndpointFields on WebhookEndpoint {
  id
  organizationId
  url
  description
  eventTypes
  isEnabled
  disabledReason
  failingSince
  secretPrefix
  previousSecretExpiresAt
  createdAt
  updatedAt
}
    `, {"fragmentName":"WebhookEndpointFields"}) as unknown as TypedDocumentString<WebhookEndpointFieldsFragment, unknown>;
export const AddMemberDocument = new TypedDocumentString(`
    mutation AddMember($organizationId: ID!, $email: String!, $role: MemberRole!) {
  addMember(organizationId: $organizationId, email: $email, role: $role) {
    ...MemberFields
  }
}
    fragment MemberFields on Member {
  id
  role
  createdAt
  user {
    id
    email
  }
}`) as unknown as TypedDocumentString<AddMemberMutation, AddMemberMutationVariables>;
export const ApiKeyDocument = new TypedDocumentString(`
    query ApiKey($id: ID!) {
  apiKey(id: $id) {
    ...ApiKeyFields
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  applicationId
  name
  description
  keyPrefix
  environment
  kind
  status
  scopes
  lastUsedAt
  expiresAt
  createdAt
  revokedAt
  revokedReason
  leakedAt
  leakedUrl
  webhookUrl
  recoverable
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
  credits
  creditRefill {
    amount
    interval
    dayOfMonth
  }
  secrets {
    id
    keyPrefix
    status
    createdAt
    expiresAt
    lastUsedAt
  }
}`) as unknown as TypedDocumentString<ApiKeyQuery, ApiKeyQueryVariables>;
export const ApiKeyStatusChangedDocument = new TypedDocumentString(`
    subscription ApiKeyStatusChanged($organizationId: ID!, $applicationId: ID) {
  apiKeyStatusChanged(
    organizationId: $organizationId
    applicationId: $applicationId
  ) {
    previousStatus
    status
    reason
    occurredAt
    apiKey {
      ...ApiKeyFields
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  applicationId
  name
  description
  keyPrefix
  environment
  kind
  status
  scopes
  lastUsedAt
  expiresAt
  createdAt
  revokedAt
  revokedReason
  leakedAt
  leakedUrl
  webhookUrl
  recoverable
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
  credits
  creditRefill {
    amount
    interval
    dayOfMonth
  }
  secrets {
    id
    keyPrefix
    status
    createdAt
    expiresAt
    lastUsedAt
  }
}`) as unknown as TypedDocumentString<ApiKeyStatusChangedSubscription, ApiKeyStatusChangedSubscriptionVariables>;
export const ApiKeysDocument = new TypedDocumentString(`
    query ApiKeys($organizationId: ID!, $applicationId: ID!, $page: Int!, $limit: Int!) {
  apiKeys(
    organizationId: $organizationId
    filter: {applicationId: $applicationId}
    page: $page
    limit: $limit
  ) {
    items {
      ...ApiKeyFields
    }
    page
    limit
    totalItems
    totalPages
    hasPreviousPage
    hasNextPage
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  applicationId
  name
  description
  keyPrefix
  environment
  kind
  status
  scopes
  lastUsedAt
  expiresAt
  createdAt
  revokedAt
  revokedReason
  leakedAt
  leakedUrl
  webhookUrl
  recoverable
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
  credits
  creditRefill {
    amount
    interval
    dayOfMonth
  }
  secrets {
    id
    keyPrefix
    status
    createdAt
    expiresAt
    lastUsedAt
  }
}`) as unknown as TypedDocumentString<ApiKeysQuery, ApiKeysQueryVariables>;
export const ApplicationDocument = new TypedDocumentString(`
    query Application($id: ID!) {
  application(id: $id) {
    ...ApplicationFields
  }
}
    fragment ApplicationFields on Application {
  id
  organizationId
  name
  description
  isEnabled
  createdAt
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
}`) as unknown as TypedDocumentString<ApplicationQuery, ApplicationQueryVariables>;
export const ApplicationStatusChangedDocument = new TypedDocumentString(`
    subscription ApplicationStatusChanged($organizationId: ID!) {
  applicationStatusChanged(organizationId: $organizationId) {
    previousStatus
    status
    occurredAt
    application {
      ...ApplicationFields
    }
  }
}
    fragment ApplicationFields on Application {
  id
  organizationId
  name
  description
  isEnabled
  createdAt
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
}`) as unknown as TypedDocumentString<ApplicationStatusChangedSubscription, ApplicationStatusChangedSubscriptionVariables>;
export const ApplicationsDocument = new TypedDocumentString(`
    query Applications($organizationId: ID!, $page: Int!, $limit: Int!) {
  applications(organizationId: $organizationId, page: $page, limit: $limit) {
    items {
      ...ApplicationFields
    }
    page
    limit
    totalItems
    totalPages
    hasPreviousPage
    hasNextPage
  }
}
    fragment ApplicationFields on Application {
  id
  organizationId
  name
  description
  isEnabled
  createdAt
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
}`) as unknown as TypedDocumentString<ApplicationsQuery, ApplicationsQueryVariables>;
export const AuditEventAddedDocument = new TypedDocumentString(`
    subscription AuditEventAdded($organizationId: ID!, $after: String) {
  auditEventAdded(organizationId: $organizationId, after: $after) {
    ...AuditEventFields
  }
}
    fragment AuditEventFields on AuditEvent {
  id
  type
  actorType
  actorId
  actorEmail
  subjectType
  subjectId
  data
  createdAt
}`) as unknown as TypedDocumentString<AuditEventAddedSubscription, AuditEventAddedSubscriptionVariables>;
export const AuditEventsDocument = new TypedDocumentString(`
    query AuditEvents($organizationId: ID!, $filter: AuditEventFilter, $first: Int!, $after: String) {
  auditEvents(
    organizationId: $organizationId
    filter: $filter
    first: $first
    after: $after
  ) {
    totalCount
    pageInfo {
      endCursor
      hasNextPage
    }
    edges {
      cursor
      node {
        ...AuditEventFields
      }
    }
  }
}
    fragment AuditEventFields on AuditEvent {
  id
  type
  actorType
  actorId
  actorEmail
  subjectType
  subjectId
  data
  createdAt
}`) as unknown as TypedDocumentString<AuditEventsQuery, AuditEventsQueryVariables>;
export const CompleteLoginDocument = new TypedDocumentString(`
    mutation CompleteLogin($challenge: String!, $code: String, $recoveryCode: String, $webauthnResponse: JSONObject) {
  completeLogin(
    challenge: $challenge
    code: $code
    recoveryCode: $recoveryCode
    webauthnResponse: $webauthnResponse
  ) {
    token
    expiresAt
    user {
      id
      email
    }
  }
}
    `) as unknown as TypedDocumentString<CompleteLoginMutation, CompleteLoginMutationVariables>;
export const ConfirmTotpEnrollmentDocument = new TypedDocumentString(`
    mutation ConfirmTotpEnrollment($code: String!) {
  confirmTotpEnrollment(code: $code) {
    recoveryCodes
    secondFactor {
      ...SecondFactorFields
    }
  }
}
    fragment SecondFactorFields on SecondFactor {
  id
  kind
  createdAt
  lastUsedAt
}`) as unknown as TypedDocumentString<ConfirmTotpEnrollmentMutation, ConfirmTotpEnrollmentMutationVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    secret
    apiKey {
      ...ApiKeyFields
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  applicationId
  name
  description
  keyPrefix
  environment
  kind
  status
  scopes
  lastUsedAt
  expiresAt
  createdAt
  revokedAt
  revokedReason
  leakedAt
  leakedUrl
  webhookUrl
  recoverable
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
  credits
  creditRefill {
    amount
    interval
    dayOfMonth
  }
  secrets {
    id
    keyPrefix
    status
    createdAt
    expiresAt
    lastUsedAt
  }
}`) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const CreateApplicationDocument = new TypedDocumentString(`
    mutation CreateApplication($input: CreateApplicationInput!) {
  createApplication(input: $input) {
    ...ApplicationFields
  }
}
    fragment ApplicationFields on Application {
  id
  organizationId
  name
  description
  isEnabled
  createdAt
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
}`) as unknown as TypedDocumentString<CreateApplicationMutation, CreateApplicationMutationVariables>;
export const CreateOrganizationDocument = new TypedDocumentString(`
    mutation CreateOrganization($input: CreateOrganizationInput!) {
  createOrganization(input: $input) {
    id
    name
    slug
    kybStatus
    paymentsEnabled
    keyPolicy {
      requireMfa
    }
    parentOrganization {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<CreateOrganizationMutation, CreateOrganizationMutationVariables>;
export const CreatePersonalAccessTokenDocument = new TypedDocumentString(`
    mutation CreatePersonalAccessToken($input: CreatePersonalAccessTokenInput!) {
  createPersonalAccessToken(input: $input) {
    token
    personalAccessToken {
      ...PersonalAccessTokenFields
    }
  }
}
    fragment PersonalAccessTokenFields on PersonalAccessToken {
  id
  name
  tokenPrefix
  organizationId
  maxRole
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<CreatePersonalAccessTokenMutation, CreatePersonalAccessTokenMutationVariables>;
export const CreateWebhookEndpointDocument = new TypedDocumentString(`
    mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    secret
    webhookEndpoint {
      ...WebhookEndpointFields
    }
  }
}
    fragment WebhookEndpointFields on WebhookEndpoint {
  id
  organizationId
  url
  description
  eventTypes
  isEnabled
  disabledReason
  failingSince
  secretPrefix
  previousSecretExpiresAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<CreateWebhookEndpointMutation, CreateWebhookEndpointMutationVariables>;
export const DeleteWebhookEndpointDocument = new TypedDocumentString(`
    mutation DeleteWebhookEndpoint($id: ID!) {
  deleteWebhookEndpoint(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<DeleteWebhookEndpointMutation, DeleteWebhookEndpointMutationVariables>;
export const ExchangeTemporaryApiKeyDocument = new TypedDocumentString(`
    mutation ExchangeTemporaryApiKey($temporaryKey: String!, $accountSecret: String!) {
  exchangeTemporaryApiKey(
    temporaryKey: $temporaryKey
    accountSecret: $accountSecret
  ) {
    secret
    apiKey {
      id
      name
      keyPrefix
      environment
      status
    }
  }
}
    `) as unknown as TypedDocumentString<ExchangeTemporaryApiKeyMutation, ExchangeTemporaryApiKeyMutationVariables>;
export const ExpireApiKeySecretDocument = new TypedDocumentString(`
    mutation ExpireApiKeySecret($apiKeyId: ID!, $secretId: ID!) {
  expireApiKeySecret(apiKeyId: $apiKeyId, secretId: $secretId) {
    ...ApiKeyFields
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  applicationId
  name
  description
  keyPrefix
  environment
  kind
  status
  scopes
  lastUsedAt
  expiresAt
  createdAt
  revokedAt
  revokedReason
  leakedAt
  leakedUrl
  webhookUrl
  recoverable
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
  credits
  creditRefill {
    amount
    interval
    dayOfMonth
  }
  secrets {
    id
    keyPrefix
    status
    createdAt
    expiresAt
    lastUsedAt
  }
}`) as unknown as TypedDocumentString<ExpireApiKeySecretMutation, ExpireApiKeySecretMutationVariables>;
export const FinishPasskeyEnrollmentDocument = new TypedDocumentString(`
    mutation FinishPasskeyEnrollment($response: JSONObject!) {
  finishPasskeyEnrollment(response: $response) {
    recoveryCodes
    secondFactor {
      ...SecondFactorFields
    }
  }
}
    fragment SecondFactorFields on SecondFactor {
  id
  kind
  createdAt
  lastUsedAt
}`) as unknown as TypedDocumentString<FinishPasskeyEnrollmentMutation, FinishPasskeyEnrollmentMutationVariables>;
export const IssueTemporaryApiKeyDocument = new TypedDocumentString(`
    mutation IssueTemporaryApiKey($input: IssueTemporaryApiKeyInput!) {
  issueTemporaryApiKey(input: $input) {
    secret
    apiKey {
      ...ApiKeyFields
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  applicationId
  name
  description
  keyPrefix
  environment
  kind
  status
  scopes
  lastUsedAt
  expiresAt
  createdAt
  revokedAt
  revokedReason
  leakedAt
  leakedUrl
  webhookUrl
  recoverable
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
  credits
  creditRefill {
    amount
    interval
    dayOfMonth
  }
  secrets {
    id
    keyPrefix
    status
    createdAt
    expiresAt
    lastUsedAt
  }
}`) as unknown as TypedDocumentString<IssueTemporaryApiKeyMutation, IssueTemporaryApiKeyMutationVariables>;
export const KeyUsageDocument = new TypedDocumentString(`
    query KeyUsage($id: ID!, $granularity: StatsGranularity!, $from: DateTimeISO) {
  apiKey(id: $id) {
    id
    verificationStats(granularity: $granularity, from: $from) {
      ...VerificationBucketFields
    }
  }
}
    fragment VerificationBucketFields on VerificationBucket {
  start
  total
  valid
  byCode {
    code
    count
  }
}`) as unknown as TypedDocumentString<KeyUsageQuery, KeyUsageQueryVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    token
    expiresAt
    mfaRequired
    challenge
    secondFactorKinds
    webauthnOptions
    user {
      id
      email
    }
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    id
    email
    isPlatformAdmin
    secondFactors {
      id
    }
    memberships {
      id
      role
      organization {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const MyPersonalAccessTokensDocument = new TypedDocumentString(`
    query MyPersonalAccessTokens {
  me {
    id
    email
    personalAccessTokens {
      ...PersonalAccessTokenFields
    }
  }
}
    fragment PersonalAccessTokenFields on PersonalAccessToken {
  id
  name
  tokenPrefix
  organizationId
  maxRole
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<MyPersonalAccessTokensQuery, MyPersonalAccessTokensQueryVariables>;
export const MySecondFactorsDocument = new TypedDocumentString(`
    query MySecondFactors {
  me {
    id
    email
    secondFactors {
      ...SecondFactorFields
    }
  }
}
    fragment SecondFactorFields on SecondFactor {
  id
  kind
  createdAt
  lastUsedAt
}`) as unknown as TypedDocumentString<MySecondFactorsQuery, MySecondFactorsQueryVariables>;
export const OrganizationMembersDocument = new TypedDocumentString(`
    query OrganizationMembers($id: ID!) {
  organization(id: $id) {
    id
    name
    members {
      ...MemberFields
    }
  }
}
    fragment MemberFields on Member {
  id
  role
  createdAt
  user {
    id
    email
  }
}`) as unknown as TypedDocumentString<OrganizationMembersQuery, OrganizationMembersQueryVariables>;
export const OrganizationSettingsDocument = new TypedDocumentString(`
    query OrganizationSettings($id: ID!) {
  organization(id: $id) {
    id
    name
    slug
    kybStatus
    paymentsEnabled
    hasAccountSecret
    accountSecretSetAt
    accountSecretRotationDueAt
    keyPolicy {
      maxActiveKeysPerEnvironment
      maxKeysPerApplication
      keyCreationsPerMinutePerUser
      liveKeysBeforeKyb
      leakedKeyAction
      tokenTtlSeconds
      accountSecretRotationDays
      accountSecretHistory
      requireMfa
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizationSettingsQuery, OrganizationSettingsQueryVariables>;
export const OrganizationsDocument = new TypedDocumentString(`
    query Organizations {
  organizations {
    id
    name
    slug
    kybStatus
    paymentsEnabled
    keyPolicy {
      requireMfa
    }
    parentOrganization {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizationsQuery, OrganizationsQueryVariables>;
export const RemoveMemberDocument = new TypedDocumentString(`
    mutation RemoveMember($organizationId: ID!, $userId: ID!) {
  removeMember(organizationId: $organizationId, userId: $userId) {
    id
  }
}
    `) as unknown as TypedDocumentString<RemoveMemberMutation, RemoveMemberMutationVariables>;
export const RemoveSecondFactorDocument = new TypedDocumentString(`
    mutation RemoveSecondFactor($id: ID!, $password: String!) {
  removeSecondFactor(id: $id, password: $password) {
    id
  }
}
    `) as unknown as TypedDocumentString<RemoveSecondFactorMutation, RemoveSecondFactorMutationVariables>;
export const RetrieveApiKeyDocument = new TypedDocumentString(`
    mutation RetrieveApiKey($apiKeyId: ID!, $accountSecret: String!) {
  retrieveApiKey(apiKeyId: $apiKeyId, accountSecret: $accountSecret) {
    secret
    apiKey {
      ...ApiKeyFields
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  applicationId
  name
  description
  keyPrefix
  environment
  kind
  status
  scopes
  lastUsedAt
  expiresAt
  createdAt
  revokedAt
  revokedReason
  leakedAt
  leakedUrl
  webhookUrl
  recoverable
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
  credits
  creditRefill {
    amount
    interval
    dayOfMonth
  }
  secrets {
    id
    keyPrefix
    status
    createdAt
    expiresAt
    lastUsedAt
  }
}`) as unknown as TypedDocumentString<RetrieveApiKeyMutation, RetrieveApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($id: ID!, $reason: String) {
  revokeApiKey(id: $id, reason: $reason) {
    ...ApiKeyFields
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  applicationId
  name
  description
  keyPrefix
  environment
  kind
  status
  scopes
  lastUsedAt
  expiresAt
  createdAt
  revokedAt
  revokedReason
  leakedAt
  leakedUrl
  webhookUrl
  recoverable
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
  credits
  creditRefill {
    amount
    interval
    dayOfMonth
  }
  secrets {
    id
    keyPrefix
    status
    createdAt
    expiresAt
    lastUsedAt
  }
}`) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const RevokePersonalAccessTokenDocument = new TypedDocumentString(`
    mutation RevokePersonalAccessToken($id: ID!) {
  revokePersonalAccessToken(id: $id) {
    ...PersonalAccessTokenFields
  }
}
    fragment PersonalAccessTokenFields on PersonalAccessToken {
  id
  name
  tokenPrefix
  organizationId
  maxRole
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<RevokePersonalAccessTokenMutation, RevokePersonalAccessTokenMutationVariables>;
export const RotateApiKeyDocument = new TypedDocumentString(`
    mutation RotateApiKey($id: ID!, $gracePeriodSeconds: Int) {
  rotateApiKey(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {
    secret
    apiKey {
      ...ApiKeyFields
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  applicationId
  name
  description
  keyPrefix
  environment
  kind
  status
  scopes
  lastUsedAt
  expiresAt
  createdAt
  revokedAt
  revokedReason
  leakedAt
  leakedUrl
  webhookUrl
  recoverable
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
  credits
  creditRefill {
    amount
    interval
    dayOfMonth
  }
  secrets {
    id
    keyPrefix
    status
    createdAt
    expiresAt
    lastUsedAt
  }
}`) as unknown as TypedDocumentString<RotateApiKeyMutation, RotateApiKeyMutationVariables>;
export const RotateWebhookEndpointSecretDocument = new TypedDocumentString(`
    mutation RotateWebhookEndpointSecret($id: ID!, $overlapSeconds: Int!) {
  rotateWebhookEndpointSecret(id: $id, overlapSeconds: $overlapSeconds) {
    secret
    webhookEndpoint {
      ...WebhookEndpointFields
    }
  }
}
    fragment WebhookEndpointFields on WebhookEndpoint {
  id
  organizationId
  url
  description
  eventTypes
  isEnabled
  disabledReason
  failingSince
  secretPrefix
  previousSecretExpiresAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<RotateWebhookEndpointSecretMutation, RotateWebhookEndpointSecretMutationVariables>;
export const SetAccountSecretDocument = new TypedDocumentString(`
    mutation SetAccountSecret($organizationId: ID!, $currentSecret: String, $newSecret: String!) {
  setAccountSecret(
    organizationId: $organizationId
    currentSecret: $currentSecret
    newSecret: $newSecret
  ) {
    id
    hasAccountSecret
    accountSecretSetAt
    accountSecretRotationDueAt
  }
}
    `) as unknown as TypedDocumentString<SetAccountSecretMutation, SetAccountSecretMutationVariables>;
export const SetApplicationEnabledDocument = new TypedDocumentString(`
    mutation SetApplicationEnabled($id: ID!, $isEnabled: Boolean!) {
  setApplicationEnabled(id: $id, isEnabled: $isEnabled) {
    ...ApplicationFields
  }
}
    fragment ApplicationFields on Application {
  id
  organizationId
  name
  description
  isEnabled
  createdAt
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
}`) as unknown as TypedDocumentString<SetApplicationEnabledMutation, SetApplicationEnabledMutationVariables>;
export const SetKybStatusDocument = new TypedDocumentString(`
    mutation SetKybStatus($organizationId: ID!, $status: KybStatus!) {
  setKybStatus(organizationId: $organizationId, status: $status) {
    id
    kybStatus
    paymentsEnabled
  }
}
    `) as unknown as TypedDocumentString<SetKybStatusMutation, SetKybStatusMutationVariables>;
export const StartPasskeyEnrollmentDocument = new TypedDocumentString(`
    mutation StartPasskeyEnrollment($password: String!) {
  startPasskeyEnrollment(password: $password) {
    options
  }
}
    `) as unknown as TypedDocumentString<StartPasskeyEnrollmentMutation, StartPasskeyEnrollmentMutationVariables>;
export const StartTotpEnrollmentDocument = new TypedDocumentString(`
    mutation StartTotpEnrollment($password: String!) {
  startTotpEnrollment(password: $password) {
    secret
    otpauthUri
  }
}
    `) as unknown as TypedDocumentString<StartTotpEnrollmentMutation, StartTotpEnrollmentMutationVariables>;
export const UpdateApiKeyUsageDocument = new TypedDocumentString(`
    mutation UpdateApiKeyUsage($id: ID!, $input: UpdateApiKeyInput!) {
  updateApiKey(id: $id, input: $input) {
    ...ApiKeyFields
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  applicationId
  name
  description
  keyPrefix
  environment
  kind
  status
  scopes
  lastUsedAt
  expiresAt
  createdAt
  revokedAt
  revokedReason
  leakedAt
  leakedUrl
  webhookUrl
  recoverable
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
  credits
  creditRefill {
    amount
    interval
    dayOfMonth
  }
  secrets {
    id
    keyPrefix
    status
    createdAt
    expiresAt
    lastUsedAt
  }
}`) as unknown as TypedDocumentString<UpdateApiKeyUsageMutation, UpdateApiKeyUsageMutationVariables>;
export const UpdateApplicationDocument = new TypedDocumentString(`
    mutation UpdateApplication($id: ID!, $input: UpdateApplicationInput!) {
  updateApplication(id: $id, input: $input) {
    ...ApplicationFields
  }
}
    fragment ApplicationFields on Application {
  id
  organizationId
  name
  description
  isEnabled
  createdAt
  rateLimits {
    name
    limit
    windowSeconds
  }
  allowedIps
}`) as unknown as TypedDocumentString<UpdateApplicationMutation, UpdateApplicationMutationVariables>;
export const UpdateKeyPolicyDocument = new TypedDocumentString(`
    mutation UpdateKeyPolicy($id: ID!, $keyPolicy: KeyPolicyInput!) {
  updateOrganization(id: $id, input: {keyPolicy: $keyPolicy}) {
    id
    keyPolicy {
      maxActiveKeysPerEnvironment
      maxKeysPerApplication
      keyCreationsPerMinutePerUser
      liveKeysBeforeKyb
      leakedKeyAction
      tokenTtlSeconds
      accountSecretRotationDays
      accountSecretHistory
      requireMfa
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateKeyPolicyMutation, UpdateKeyPolicyMutationVariables>;
export const UpdateMemberRoleDocument = new TypedDocumentString(`
    mutation UpdateMemberRole($organizationId: ID!, $userId: ID!, $role: MemberRole!) {
  updateMemberRole(organizationId: $organizationId, userId: $userId, role: $role) {
    ...MemberFields
  }
}
    fragment MemberFields on Member {
  id
  role
  createdAt
  user {
    id
    email
  }
}`) as unknown as TypedDocumentString<UpdateMemberRoleMutation, UpdateMemberRoleMutationVariables>;
export const UpdateWebhookEndpointDocument = new TypedDocumentString(`
    mutation UpdateWebhookEndpoint($id: ID!, $input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(id: $id, input: $input) {
    ...WebhookEndpointFields
  }
}
    fragment WebhookEndpointFields on WebhookEndpoint {
  id
  organizationId
  url
  description
  eventTypes
  isEnabled
  disabledReason
  failingSince
  secretPrefix
  previousSecretExpiresAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<UpdateWebhookEndpointMutation, UpdateWebhookEndpointMutationVariables>;
export const UsageOverviewDocument = new TypedDocumentString(`
    query UsageOverview($organizationId: ID!, $granularity: StatsGranularity!, $from: DateTimeISO) {
  verificationStats(
    organizationId: $organizationId
    granularity: $granularity
    filter: {from: $from}
  ) {
    ...VerificationBucketFields
  }
  topApiKeys(organizationId: $organizationId, from: $from, limit: 5) {
    apiKey {
      id
      name
      keyPrefix
    }
    total
    valid
    certain
  }
}
    fragment VerificationBucketFields on VerificationBucket {
  start
  total
  valid
  byCode {
    code
    count
  }
}`) as unknown as TypedDocumentString<UsageOverviewQuery, UsageOverviewQueryVariables>;
export const WebhookDeliveriesDocument = new TypedDocumentString(`
    query WebhookDeliveries($endpointId: ID!, $limit: Int!) {
  webhookDeliveries(endpointId: $endpointId, limit: $limit) {
    id
    eventId
    eventType
    status
    attemptCount
    lastStatusCode
    lastError
    nextAttemptAt
    deliveredAt
    createdAt
    attempts {
      attempt
      attemptedAt
      durationMs
      statusCode
      error
    }
  }
}
    `) as unknown as TypedDocumentString<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
export const WebhookEndpointsDocument = new TypedDocumentString(`
    query WebhookEndpoints($organizationId: ID!) {
  webhookEndpoints(organizationId: $organizationId) {
    ...WebhookEndpointFields
  }
}
    fragment WebhookEndpointFields on WebhookEndpoint {
  id
  organizationId
  url
  description
  eventTypes
  isEnabled
  disabledReason
  failingSince
  secretPrefix
  previousSecretExpiresAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<WebhookEndpointsQuery, WebhookEndpointsQueryVariables>;