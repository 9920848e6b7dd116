/**
 * The authorization matrix, generated from the schema (issue 18, SPEC 2 and 5a).
 *
 * - Every Query, Mutation and Subscription field of the introspected schema must be classified in
 *   RULES below (the test fails on a field nobody classified), with the SPEC 2 rule it follows.
 * - Each operation runs for every principal — VIEWER, DEVELOPER, ADMIN, OWNER, a non-member, a
 *   removed member, a connected account's own member, a parent member, and a caller with no
 *   session — against a top-level organization and a connected account. What is allowed follows
 *   from the rule (role threshold, key management closed to a connected account's own members),
 *   not from a hand-written list of outcomes.
 * - Every operation's selection is generated from its return type: every field path that returns
 *   an object, to a bounded depth. Every organization-owned object in any answer, at any depth,
 *   must be one the principal may read; a credential that is not a session (exchange, retrieve)
 *   reaches the key it concerns and nothing beyond it.
 */
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  GraphQLField,
  GraphQLObjectType,
  GraphQLSchema,
  IntrospectionQuery,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { In } from 'typeorm';
import { ApiKeySecret } from '../../server/api-keys/api-key-secret.entity';
import { ApiKey } from '../../server/api-keys/api-key.entity';
import { Application } from '../../server/applications/application.entity';
import { PersonalAccessToken } from '../../server/auth/personal-access-token.entity';
import { AuditEvent } from '../../server/events/audit-event.entity';
import { WebhookDelivery } from '../../server/events/webhooks/webhook-delivery.entity';
import { WebhookEndpoint } from '../../server/events/webhooks/webhook-endpoint.entity';
import { Membership } from '../../server/organizations/membership.entity';
import { describeEachDialect } from '../helpers/databases';
import { subscribe, wsClient } from '../helpers/events';
import { createApplication, createMember, createOrganization, createUser, unique } from '../helpers/fixtures';
import { ACCOUNT_SECRET } from '../helpers/lifecycle-fixtures';
import { GraphQLResponse, startTestServer, TestServer } from '../helpers/server';

type Role = 'VIEWER' | 'DEVELOPER' | 'ADMIN' | 'OWNER';
const RANK: Record<Role, number> = { VIEWER: 1, DEVELOPER: 2, ADMIN: 3, OWNER: 4 };

/**
 * SPEC 2 as data. `min`: the least role that may do it in the target organization; PUBLIC (no
 * session needed), USER (any signed-in caller, about themselves), PLATFORM (platform admins only).
 * `keys`: key management, FORBIDDEN to a connected account's own members whatever their role.
 * `credential`: the operation answers on the strength of a credential that is not a session.
 */
interface Rule {
  readonly min: Role | 'PUBLIC' | 'USER' | 'PLATFORM';
  readonly keys?: boolean;
  readonly credential?: boolean;
  /** Only against a top-level organization (e.g. creating a connected account under it). */
  readonly topLevelOnly?: boolean;
  /** Variables for one call; may build fresh objects (as the platform admin) for calls that consume them. */
  readonly args: (fx: Fixtures, target: Target, principal: Principal, allowed: boolean) => Promise<Record<string, unknown>>;
  /** It deletes what it answers: the answer may name objects that are gone (and their users). */
  readonly deletes?: boolean;
  /** Users it answers about besides the caller (login answers the user who signed in). */
  readonly aboutUsers?: (fx: Fixtures) => string[];
  /** What the fixtures learn from a call that succeeded. */
  readonly after?: (target: Target, variables: Record<string, unknown>) => Promise<void> | void;
}

const RULES: Record<string, Rule> = {
  'Query.me': { min: 'USER', args: async () => ({}) },
  'Query.organizations': { min: 'USER', args: async () => ({}) },
  'Query.organization': { min: 'VIEWER', args: async (_, t) => ({ id: t.org }) },
  'Query.applications': { min: 'VIEWER', args: async (_, t) => ({ organizationId: t.org }) },
  'Query.application': { min: 'VIEWER', args: async (_, t) => ({ id: t.app }) },
  'Query.apiKeys': { min: 'VIEWER', args: async (_, t) => ({ organizationId: t.org }) },
  'Query.apiKey': { min: 'VIEWER', args: async (_, t) => ({ id: t.key }) },
  'Query.auditEvents': { min: 'VIEWER', args: async (_, t) => ({ organizationId: t.org }) },
  'Query.verificationStats': { min: 'VIEWER', args: async (_, t) => ({ organizationId: t.org, granularity: 'HOUR' }) },
  'Query.topApiKeys': { min: 'VIEWER', args: async (_, t) => ({ organizationId: t.org }) },
  'Query.webhookEndpoints': { min: 'ADMIN', args: async (_, t) => ({ organizationId: t.org }) },
  'Query.webhookDeliveries': { min: 'ADMIN', args: async (_, t) => ({ endpointId: t.endpoint }) },
  'Query.apiKeyWebhookDeliveries': { min: 'ADMIN', args: async (_, t) => ({ apiKeyId: t.key }) },
  'Query.apiKeyWebhookSecret': { min: 'ADMIN', keys: true, args: async (_, t) => ({ apiKeyId: t.key }) },

  // Everyone signs in as themselves (the credential-only caller as a user of its own): one account's sign-ins stay few.
  'Mutation.login': { min: 'PUBLIC', aboutUsers: (fx) => [fx.loginUser.id], args: async (fx, _, p) => (p.login ? { ...p.login } : { email: fx.loginUser.email, password: fx.loginUser.password }) },
  'Mutation.createPersonalAccessToken': { min: 'USER', args: async () => ({ input: { name: unique('pat'), expiresInDays: 30 } }) },
  'Mutation.revokePersonalAccessToken': {
    min: 'USER',
    args: async (fx, _, p) => ({ id: p.token ? (await fx.t.ok('mutation { createPersonalAccessToken(input: { name: "to revoke", expiresInDays: 30 }) { personalAccessToken { id } } }', {}, p.token)).createPersonalAccessToken.personalAccessToken.id : 'pat_nothing' }),
  },
  'Mutation.createUser': { min: 'PLATFORM', args: async () => ({ input: { email: `${unique('new')}@example.test`.toLowerCase(), password: 'Correct-horse-battery-1' } }) },
  'Mutation.createOrganization': { min: 'PLATFORM', args: async () => ({ input: { name: unique('Top') } }) },
  'Mutation.setKybStatus': { min: 'PLATFORM', args: async (_, t) => ({ organizationId: t.org, status: 'PENDING' }) },
  'Mutation.rotateSigningKey': { min: 'PLATFORM', args: async () => ({}) },
  'Mutation.updateOrganization': { min: 'OWNER', args: async (_, t) => ({ id: t.org, input: { name: unique('Renamed') } }) },
  'Mutation.addMember': { min: 'OWNER', args: async (fx, t, _, allowed) => ({ organizationId: t.org, email: allowed ? (await createUser(fx.t, 'added')).email : fx.loginUser.email, role: 'VIEWER' }) },
  'Mutation.updateMemberRole': { min: 'OWNER', args: async (fx, t, _, allowed) => ({ organizationId: t.org, userId: allowed ? (await createMember(fx.t, t.org, 'VIEWER')).id : t.spareMember, role: 'DEVELOPER' }) },
  'Mutation.removeMember': { min: 'OWNER', deletes: true, args: async (fx, t, _, allowed) => ({ organizationId: t.org, userId: allowed ? (await createMember(fx.t, t.org, 'VIEWER')).id : t.spareMember }) },
  'Mutation.createApplication': { min: 'DEVELOPER', keys: true, args: async (_, t) => ({ input: { organizationId: t.org, name: unique('App') } }) },
  'Mutation.updateApplication': { min: 'ADMIN', keys: true, args: async (_, t) => ({ id: t.app, input: { description: unique('described') } }) },
  'Mutation.setApplicationEnabled': { min: 'ADMIN', keys: true, args: async (_, t) => ({ id: t.app, isEnabled: true }) },
  // The same input and idempotency key for everyone: the removed member sent it before removal (item 2).
  'Mutation.createApiKey': { min: 'DEVELOPER', keys: true, args: async (_, t) => ({ input: t.replayedCreate }) },
  'Mutation.issueTemporaryApiKey': { min: 'OWNER', keys: true, args: async (_, t) => ({ input: t.replayedIssue }) },
  'Mutation.updateApiKey': { min: 'OWNER', keys: true, args: async (_, t) => ({ id: t.key, input: { description: unique('described') } }) },
  'Mutation.rotateApiKey': { min: 'OWNER', keys: true, args: async (fx, t, _, allowed) => ({ id: allowed ? await fx.freshKey(t) : t.key, gracePeriodSeconds: 0 }) },
  'Mutation.expireApiKeySecret': {
    min: 'OWNER',
    keys: true,
    args: async (fx, t, _, allowed) => {
      if (!allowed) return { apiKeyId: t.key, secretId: 'sec_not_reached' };
      const id = await fx.freshKey(t);
      const secrets = (await fx.t.ok('mutation($id: ID!) { rotateApiKey(id: $id) { apiKey { secrets { id } } } }', { id }, fx.admin)).rotateApiKey.apiKey.secrets;
      return { apiKeyId: id, secretId: secrets[0].id };
    },
  },
  'Mutation.revokeApiKey': { min: 'OWNER', keys: true, args: async (fx, t, _, allowed) => ({ id: allowed ? await fx.freshKey(t) : t.key }) },
  'Mutation.setAccountSecret': {
    min: 'OWNER',
    keys: true,
    args: async (_, t) => ({ organizationId: t.org, currentSecret: t.accountSecret, newSecret: `Matrix-Secret-${unique('s').slice(-8)}` }),
    after: (t, variables) => void (t.accountSecret = String(variables.newSecret)),
  },
  'Mutation.retrieveApiKey': { min: 'OWNER', keys: true, credential: true, args: async (_, t) => ({ apiKeyId: t.recoverableKey, accountSecret: t.accountSecret }) },
  'Mutation.exchangeTemporaryApiKey': { min: 'PUBLIC', credential: true, args: async (fx, t) => ({ temporaryKey: await fx.freshTemporaryKey(t), accountSecret: t.accountSecret }) },
  'Mutation.createWebhookEndpoint': { min: 'ADMIN', keys: true, args: async (_, t) => ({ input: { organizationId: t.org, url: 'https://127.0.0.1:1/matrix', eventTypes: ['organization.kyb_status_changed'] } }) },
  'Mutation.updateWebhookEndpoint': { min: 'ADMIN', keys: true, args: async (_, t) => ({ id: t.endpoint, input: { description: unique('described') } }) },
  'Mutation.rotateWebhookEndpointSecret': { min: 'ADMIN', keys: true, args: async (_, t) => ({ id: t.endpoint, overlapSeconds: 0 }) },
  'Mutation.deleteWebhookEndpoint': { min: 'ADMIN', keys: true, deletes: true, args: async (fx, t, _, allowed) => ({ id: allowed ? await fx.freshEndpoint(t) : t.endpoint }) },

  'Mutation.updateApiKeyCredits': { min: 'ADMIN', keys: true, args: async (_, t) => ({ id: t.key, operation: 'SET', amount: 10 }) },

  'Subscription.apiKeyStatusChanged': { min: 'VIEWER', args: async (_, t) => ({ organizationId: t.org }) },
  'Subscription.applicationStatusChanged': { min: 'VIEWER', args: async (_, t) => ({ organizationId: t.org }) },
  'Subscription.auditEventAdded': { min: 'VIEWER', args: async (_, t) => ({ organizationId: t.org }) },
};

/**
 * Operations on the caller's own account only — the second step of sign-in, second factors, the
 * caller's own security events. They reach no organization-owned object, need the caller's
 * password or a live challenge, and are covered by tests/integration/second-factors.test.ts
 * (including its table of every mutation under a narrowed token). Listed here by name, so a new
 * operation is still caught by the classification test until someone decides where it belongs.
 */
const SELF_SERVICE: ReadonlySet<string> = new Set([
  'Mutation.completeLogin',
  'Mutation.startTotpEnrollment',
  'Mutation.confirmTotpEnrollment',
  'Mutation.startPasskeyEnrollment',
  'Mutation.finishPasskeyEnrollment',
  'Mutation.removeSecondFactor',
  'Subscription.securityEventAdded',
]);

/** How deep the generated selections walk object fields (the armor's depth and cost limits allow this much). */
const WALK_DEPTH = 5;

interface Target {
  readonly name: 'top-level' | 'connected';
  readonly org: string;
  readonly app: string;
  readonly key: string;
  readonly recoverableKey: string;
  readonly endpoint: string;
  /** A member for the operations on members that are refused (never reached). */
  readonly spareMember: string;
  accountSecret: string;
  readonly replayedCreate: Record<string, unknown>;
  readonly replayedIssue: Record<string, unknown>;
}

interface Principal {
  readonly name: string;
  readonly token: string | null;
  readonly userId: string | null;
  readonly login?: { email: string; password: string };
  /** The role this principal acts with in each target (a parent member's role in its connected account). */
  readonly roleIn: Partial<Record<Target['name'], Role>>;
  /** A connected account's own member: never key management there. */
  readonly ownMemberOfConnected?: boolean;
  /** Organizations whose objects this principal may read. */
  readonly reads: string[];
  /** The targets it is tried against (elsewhere it is just another non-member, which the non-member covers). */
  readonly against: ReadonlyArray<Target['name']>;
}

interface Fixtures {
  readonly t: TestServer;
  readonly admin: string;
  readonly targets: Target[];
  readonly principals: Principal[];
  readonly loginUser: { id: string; email: string; password: string };
  freshKey(target: Target): Promise<string>;
  freshTemporaryKey(target: Target): Promise<string>;
  freshEndpoint(target: Target): Promise<string>;
}

type Outcome = { allowed: true } | { allowed: false; code: 'UNAUTHENTICATED' | 'NOT_FOUND' | 'FORBIDDEN' };

/** What SPEC 2 says a principal gets for an operation on a target. */
function expected(rule: Rule, principal: Principal, target: Target): Outcome {
  if (rule.min === 'PUBLIC') return { allowed: true };
  if (!principal.token) return { allowed: false, code: 'UNAUTHENTICATED' };
  if (rule.min === 'USER') return { allowed: true };
  if (rule.min === 'PLATFORM') return { allowed: false, code: 'FORBIDDEN' };
  const role = principal.roleIn[target.name];
  if (!role) return { allowed: false, code: 'NOT_FOUND' };
  if (RANK[role] < RANK[rule.min]) return { allowed: false, code: 'FORBIDDEN' };
  if (rule.keys && principal.ownMemberOfConnected && target.name === 'connected') return { allowed: false, code: 'FORBIDDEN' };
  return { allowed: true };
}

/**
 * The selection of a type: `__typename`, `id`, and every object field to `depth` (fields needing
 * arguments skipped). A type already on the path is not expanded again, only read as
 * `{ __typename id }`: every edge of the type graph is walked from every path that reaches it,
 * and the document stays inside the GraphQL limits.
 */
function selectionOf(schema: GraphQLSchema, type: GraphQLObjectType, depth: number, path: ReadonlySet<string> = new Set()): string {
  const fields = Object.values(type.getFields());
  const parts = ['__typename'];
  if (fields.some((f) => f.name === 'id')) parts.push('id');
  if (depth > 0 && !path.has(type.name)) {
    const inside = new Set([...path, type.name]);
    for (const field of fields) {
      const named = getNamedType(field.type);
      if (!isObjectType(named)) continue;
      if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
      parts.push(`${field.name} { ${selectionOf(schema, named, depth - 1, inside)} }`);
    }
  }
  return parts.join(' ');
}

function documentFor(schema: GraphQLSchema, kind: 'Query' | 'Mutation' | 'Subscription', field: GraphQLField<unknown, unknown>, variables: Record<string, unknown>, depth: number): string {
  const given = field.args.filter((a) => a.name in variables);
  const declared = given.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const passed = given.map((a) => `${a.name}: $${a.name}`).join(', ');
  const named = getNamedType(field.type);
  const selection = isObjectType(named) ? ` { ${selectionOf(schema, named, depth)} }` : '';
  return `${kind.toLowerCase()}${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`;
}

/** Every `{ __typename, id }` object anywhere in an answer. */
function objectsIn(value: unknown, found: Array<{ type: string; id: string }> = []): Array<{ type: string; id: string }> {
  if (Array.isArray(value)) value.forEach((v) => objectsIn(v, found));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.__typename === 'string' && typeof o.id === 'string') found.push({ type: o.__typename, id: o.id });
    Object.values(o).forEach((v) => objectsIn(v, found));
  }
  return found;
}

/**
 * The read oracle, from the database: may `principal` see this object? An organization-owned
 * object is readable when its organization is; through a key credential, only that key and its
 * secrets are. Payload and page types own nothing and are not listed.
 */
async function unreadable(fx: Fixtures, principal: Principal, objects: Array<{ type: string; id: string }>, credentialKey: string | null, rule?: Rule): Promise<string[]> {
  if (objects.length === 0) return [];
  const db = fx.t.server.services.db.manager;
  // Only the tables the answer names are read.
  const m = { find: async <T extends object>(entity: new () => T, options: { where: Record<string, ReturnType<typeof In>> }): Promise<T[]> => {
    const values = Object.values(options.where)[0].value as unknown[];
    return values.length ? db.find(entity, options as never) : [];
  } };
  const aboutUsers = rule?.aboutUsers?.(fx) ?? [];
  const ids = (type: string) => [...new Set(objects.filter((o) => o.type === type).map((o) => o.id))];
  const owner = new Map<string, string | null>();
  const keyOf = new Map<string, string>();
  const put = (type: string, id: string, organizationId: string | null) => owner.set(`${type}:${id}`, organizationId);
  for (const id of ids('Organization')) put('Organization', id, id);
  for (const row of await m.find(Application, { where: { id: In(ids('Application')) } })) put('Application', row.id, row.organizationId);
  for (const row of await m.find(ApiKey, { where: { id: In(ids('ApiKey')) } })) (put('ApiKey', row.id, row.organizationId), keyOf.set(`ApiKey:${row.id}`, row.id));
  const secrets = await m.find(ApiKeySecret, { where: { id: In(ids('ApiKeySecret')) } });
  const secretKeys = await m.find(ApiKey, { where: { id: In(secrets.map((s) => s.apiKeyId)) } });
  for (const row of secrets) (put('ApiKeySecret', row.id, secretKeys.find((k) => k.id === row.apiKeyId)?.organizationId ?? null), keyOf.set(`ApiKeySecret:${row.id}`, row.apiKeyId));
  for (const row of await m.find(Membership, { where: { id: In(ids('Member')) } })) put('Member', row.id, row.organizationId);
  for (const row of await m.find(WebhookEndpoint, { where: { id: In(ids('WebhookEndpoint')) } })) put('WebhookEndpoint', row.id, row.organizationId);
  for (const row of await m.find(WebhookDelivery, { where: { id: In(ids('WebhookDelivery')) } })) put('WebhookDelivery', row.id, row.organizationId);
  for (const row of await m.find(AuditEvent, { where: { id: In(ids('AuditEvent')) } })) put('AuditEvent', row.id, row.organizationId);
  const memberships = await m.find(Membership, { where: { userId: In(ids('User')) } });
  const pats = await m.find(PersonalAccessToken, { where: { id: In(ids('PersonalAccessToken')) } });

  const bad: string[] = [];
  for (const o of objects) {
    const at = `${o.type}:${o.id}`;
    if (credentialKey !== null) {
      if (keyOf.get(at) !== credentialKey) bad.push(at);
      continue;
    }
    if (o.type === 'User') {
      if (rule?.deletes || aboutUsers.includes(o.id)) continue;
      if (o.id !== principal.userId && !memberships.some((ms) => ms.userId === o.id && principal.reads.includes(ms.organizationId))) bad.push(at);
    } else if (o.type === 'PersonalAccessToken') {
      if (pats.find((p) => p.id === o.id)?.userId !== principal.userId) bad.push(at);
    } else if (owner.has(at)) {
      const organizationId = owner.get(at);
      if (organizationId === null || organizationId === undefined || !principal.reads.includes(organizationId)) bad.push(at);
    } else if (rule?.deletes) {
      // Gone with the deletion the caller was allowed to make.
    } else if (['Organization', 'Application', 'ApiKey', 'ApiKeySecret', 'Member', 'WebhookEndpoint', 'WebhookDelivery', 'AuditEvent'].includes(o.type)) {
      bad.push(`${at} (unknown)`);
    }
  }
  return bad;
}

const codesOf = (r: GraphQLResponse) => [...new Set((r.errors ?? []).map((e) => e.extensions?.code as string))];

async function buildFixtures(t: TestServer): Promise<Fixtures> {
  const admin = await t.adminToken();
  const policy = { keyCreationsPerMinutePerUser: 1000, maxKeysPerApplication: 1000 };
  const top = await createOrganization(t, { keyPolicy: policy });
  const stranger = await createOrganization(t);
  const parent = await createOrganization(t, { keyPolicy: policy });
  const connected = (await t.ok('mutation($p: ID!, $k: KeyPolicyInput) { createOrganization(input: { name: "Connected", parentOrganizationId: $p, keyPolicy: $k }) { id } }', { p: parent.id, k: policy }, admin)).createOrganization;

  const roles: Role[] = ['VIEWER', 'DEVELOPER', 'ADMIN', 'OWNER'];
  const topMembers = await Promise.all(roles.map((role) => createMember(t, top.id, role)));
  const strangerOwner = await createMember(t, stranger.id, 'OWNER');
  const removed = await createMember(t, top.id, 'OWNER');
  const connectedOwner = await createMember(t, connected.id, 'OWNER');
  const parentAdmin = await createMember(t, parent.id, 'ADMIN');
  const loginUser = await createUser(t, 'login');

  const freshKey = async (target: { app: string }, input: Record<string, unknown> = {}): Promise<string> =>
    (await t.ok('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }', { input: { applicationId: target.app, name: unique('key'), description: 'matrix', environment: 'TEST', ...input } }, admin)).createApiKey.apiKey.id;

  const targets: Target[] = [];
  for (const [name, org] of [['top-level', top.id], ['connected', connected.id]] as const) {
    await t.ok('mutation($o: ID!, $s: String!) { setAccountSecret(organizationId: $o, newSecret: $s) { id } }', { o: org, s: ACCOUNT_SECRET }, admin);
    const app = (await createApplication(t, org, admin)).id;
    const endpoint = (await t.ok('mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { webhookEndpoint { id } } }', { input: { organizationId: org, url: 'https://127.0.0.1:1/matrix', eventTypes: ['organization.kyb_status_changed'] } }, admin)).createWebhookEndpoint.webhookEndpoint.id;
    const target: Target = {
      name,
      org,
      app,
      endpoint,
      spareMember: (await createMember(t, org, 'VIEWER')).id,
      key: await freshKey({ app }),
      recoverableKey: await freshKey({ app }, { recoverable: true }),
      accountSecret: ACCOUNT_SECRET,
      replayedCreate: { applicationId: app, name: 'replayed', description: 'matrix', environment: 'TEST', idempotencyKey: `matrix-${name}` },
      replayedIssue: { applicationId: app, name: 'replayed temporary', description: 'matrix', environment: 'TEST', idempotencyKey: `matrix-temporary-${name}` },
    };
    targets.push(target);
  }
  // The removed member sends the idempotent creations while an OWNER, then is removed (item 2).
  const topTarget = targets[0];
  await t.ok('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }', { input: topTarget.replayedCreate }, removed.token);
  await t.ok('mutation($input: IssueTemporaryApiKeyInput!) { issueTemporaryApiKey(input: $input) { secret } }', { input: topTarget.replayedIssue }, removed.token);
  await t.ok('mutation($o: ID!, $u: ID!) { removeMember(organizationId: $o, userId: $u) { id } }', { o: top.id, u: removed.id }, admin);

  const member = (name: string, user: { id: string; token: string; email: string; password: string }, roleIn: Principal['roleIn'], reads: string[], against: Principal['against'], extra: Partial<Principal> = {}): Principal =>
    ({ name, token: user.token, userId: user.id, login: { email: user.email, password: user.password }, roleIn, reads, against, ...extra });
  const both = ['top-level', 'connected'] as const;
  const principals: Principal[] = [
    ...roles.map((role, i) => member(role, topMembers[i], { 'top-level': role }, [top.id], ['top-level'])),
    member('non-member', strangerOwner, {}, [stranger.id], both),
    member('removed member', removed, {}, [], ['top-level']),
    member('connected account\'s own OWNER', connectedOwner, { connected: 'OWNER' }, [connected.id], ['connected'], { ownMemberOfConnected: true }),
    member('parent ADMIN', parentAdmin, { connected: 'ADMIN' }, [parent.id, connected.id], ['connected']),
    { name: 'credential only (no session)', token: null, userId: null, roleIn: {}, reads: [], against: both },
  ];

  return {
    t,
    admin,
    targets,
    principals,
    loginUser,
    freshKey: (target) => freshKey(target),
    async freshTemporaryKey(target) {
      return (await t.ok('mutation($input: IssueTemporaryApiKeyInput!) { issueTemporaryApiKey(input: $input) { secret } }', { input: { applicationId: target.app, name: unique('tmp'), description: 'matrix', environment: 'TEST' } }, admin)).issueTemporaryApiKey.secret;
    },
    async freshEndpoint(target) {
      return (await t.ok('mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { webhookEndpoint { id } } }', { input: { organizationId: target.org, url: 'https://127.0.0.1:1/matrix', eventTypes: ['organization.kyb_status_changed'] } }, admin)).createWebhookEndpoint.webhookEndpoint.id;
    },
  };
}

describeEachDialect('authorization matrix generated from the schema', (dialect) => {
  let t: TestServer;
  let schema: GraphQLSchema;
  let fx: Fixtures;

  beforeAll(async () => {
    t = await startTestServer(dialect, { KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true' });
    schema = buildClientSchema((await t.ok<IntrospectionQuery>(getIntrospectionQuery())) as IntrospectionQuery);
    fx = await buildFixtures(t);
  }, 120_000);
  afterAll(async () => t?.close());

  const allOperations = (kind: 'Query' | 'Mutation' | 'Subscription') => Object.values(schema.getType(kind) instanceof GraphQLObjectType ? (schema.getType(kind) as GraphQLObjectType).getFields() : {});
  const operations = (kind: 'Query' | 'Mutation' | 'Subscription') => allOperations(kind).filter((f) => !SELF_SERVICE.has(`${kind}.${f.name}`));

  it('classifies every query, mutation and subscription of the schema', () => {
    const fields = (['Query', 'Mutation', 'Subscription'] as const).flatMap((kind) => operations(kind).map((f) => `${kind}.${f.name}`));
    expect(fields.filter((f) => !RULES[f])).toEqual([]);
    const everything = (['Query', 'Mutation', 'Subscription'] as const).flatMap((kind) => allOperations(kind).map((f) => `${kind}.${f.name}`));
    expect([...SELF_SERVICE].filter((f) => !everything.includes(f))).toEqual([]);
    expect(Object.keys(RULES).filter((f) => !fields.includes(f))).toEqual([]);
  });

  /**
   * One operation for one principal. Queries run with the deep walk only; mutations one level deep
   * (the walk of what they answer is the walk of the queries), except credential operations,
   * whose answer is walked too: it must stop at the key.
   */
  async function check(kind: 'Query' | 'Mutation', field: GraphQLField<unknown, unknown>, rule: Rule, target: Target, principal: Principal): Promise<string[]> {
    const failures: string[] = [];
    const want = expected(rule, principal, target);
    const label = `${kind}.${field.name} on the ${target.name} organization as ${principal.name}`;
    const keyOf = (data: unknown): string => ((data as { apiKey?: { id: string } } | null)?.apiKey?.id ?? '(none)');
    const run = async (depth: number) => {
      const variables = await rule.args(fx, target, principal, want.allowed);
      const response = await t.gql(documentFor(schema, kind, field, variables, depth), variables, principal.token ?? undefined);
      const limit = (response.errors ?? []).find((e) => e.extensions?.limit);
      if (limit) throw new Error(`the generated walk of ${field.name} is over a GraphQL limit: ${limit.message}`);
      return { variables, response, answered: response.data?.[field.name] ?? null };
    };

    const first = await run(kind === 'Query' ? WALK_DEPTH : 1);
    if (want.allowed) {
      if (first.response.errors?.length || first.answered === null) failures.push(`${label}: expected success, got ${JSON.stringify(first.response.errors ?? first.response.data)}`);
      else await rule.after?.(target, first.variables);
    } else if (!codesOf(first.response).includes(want.code) || first.answered !== null) {
      failures.push(`${label}: expected ${want.code} and no data, got ${JSON.stringify(first.response.errors?.map((e) => e.extensions?.code) ?? first.response.data)}`);
    }
    const bad = await unreadable(fx, principal, objectsIn(first.response.data), rule.credential && want.allowed ? keyOf(first.answered) : null, rule);
    if (bad.length) failures.push(`${label}: answered objects it may not read: ${bad.join(', ')}`);

    if (rule.credential) {
      const deep = await run(WALK_DEPTH);
      const unexpected = codesOf(deep.response).filter((c) => c !== 'NOT_FOUND' && c !== 'FORBIDDEN' && c !== 'UNAUTHENTICATED');
      if (unexpected.length) failures.push(`${label} (walk): unexpected errors ${JSON.stringify(deep.response.errors)}`);
      if (want.allowed && !codesOf(deep.response).includes('FORBIDDEN')) failures.push(`${label} (walk): reached beyond the key without being refused`);
      const badDeep = await unreadable(fx, principal, objectsIn(deep.response.data), want.allowed ? keyOf(deep.answered) : null, rule);
      if (badDeep.length) failures.push(`${label} (walk): answered objects it may not read: ${badDeep.join(', ')}`);
    }
    return failures;
  }

  for (const kind of ['Query', 'Mutation'] as const) {
    it(`${kind}: every principal gets what SPEC 2 allows, and every object in every answer is one it may read`, async () => {
      const failures: string[] = [];
      for (const field of operations(kind)) {
        const rule = RULES[`${kind}.${field.name}`];
        for (const target of fx.targets) {
          if (rule.topLevelOnly && target.name !== 'top-level') continue;
          // Principals run side by side: no operation's outcome depends on another principal's call.
          const principals = fx.principals.filter((p) => p.against.includes(target.name));
          for (const found of await Promise.all(principals.map((principal) => check(kind, field, rule, target, principal)))) failures.push(...found);
        }
      }
      expect(failures).toEqual([]);
    }, 300_000);
  }

  it('Subscription: only principals who may read the organization receive its events', async () => {
    const failures: string[] = [];
    for (const field of operations('Subscription')) {
      const rule = RULES[`Subscription.${field.name}`];
      for (const target of fx.targets) {
        const opened = [];
        for (const principal of fx.principals.filter((p) => p.against.includes(target.name))) {
          const variables = await rule.args(fx, target, principal, true);
          const client = wsClient(t, principal.token ?? undefined);
          const sub = subscribe(client, documentFor(schema, 'Subscription', field, variables, 2), variables);
          opened.push({ principal, client, sub, want: expected(rule, principal, target) });
        }
        // One event of each kind — a key revoked (status change + audit event), the application
        // toggled — repeated until every allowed subscriber has one (subscribing takes a moment).
        for (let round = 0; round < 10 && opened.some((o) => o.want.allowed && o.sub.messages.length === 0); round += 1) {
          await new Promise((resolve) => setTimeout(resolve, 300));
          await t.ok('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: await fx.freshKey(target) }, fx.admin);
          await t.ok('mutation($id: ID!) { setApplicationEnabled(id: $id, isEnabled: false) { id } }', { id: target.app }, fx.admin);
          await t.ok('mutation($id: ID!) { setApplicationEnabled(id: $id, isEnabled: true) { id } }', { id: target.app }, fx.admin);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        for (const { principal, client, sub, want } of opened) {
          const label = `Subscription.${field.name} on the ${target.name} organization as ${principal.name}`;
          if (want.allowed) {
            await sub.next(1, 5000).catch(() => undefined);
            const first = sub.messages[0];
            if (!first?.data || first.errors) failures.push(`${label}: expected events, got ${JSON.stringify(first ?? sub.failure())}`);
          } else {
            await sub.ended(5000).catch(() => undefined);
            const failure = sub.failure() as Array<{ extensions?: { code?: string } }> | { code?: number } | undefined;
            const codes = [...(Array.isArray(failure) ? failure : []), ...sub.messages.flatMap((msg) => msg.errors ?? [])].map((e) => e.extensions?.code);
            const closedUnauthenticated = !Array.isArray(failure) && failure !== undefined && want.code === 'UNAUTHENTICATED';
            if (sub.messages.some((msg) => msg.data)) failures.push(`${label}: received data`);
            if (!codes.includes(want.code) && !closedUnauthenticated) failures.push(`${label}: expected ${want.code}, got ${JSON.stringify(failure ?? sub.messages)}`);
          }
          await sub.stop();
          await client.dispose();
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
