/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation AddMember($organizationId: ID!, $email: String!, $role: MemberRole!) {\n  addMember(organizationId: $organizationId, email: $email, role: $role) {\n    ...MemberFields\n  }\n}": typeof types.AddMemberDocument,
    "query ApiKey($id: ID!) {\n  apiKey(id: $id) {\n    ...ApiKeyFields\n  }\n}": typeof types.ApiKeyDocument,
    "fragment ApiKeyFields on ApiKey {\n  id\n  applicationId\n  name\n  description\n  keyPrefix\n  environment\n  kind\n  status\n  scopes\n  lastUsedAt\n  expiresAt\n  createdAt\n  revokedAt\n  revokedReason\n  leakedAt\n  leakedUrl\n  webhookUrl\n  recoverable\n  rateLimits {\n    name\n    limit\n    windowSeconds\n  }\n  allowedIps\n  credits\n  creditRefill {\n    amount\n    interval\n    dayOfMonth\n  }\n  secrets {\n    id\n    keyPrefix\n    status\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n}": typeof types.ApiKeyFieldsFragmentDoc,
    "subscription ApiKeyStatusChanged($organizationId: ID!, $applicationId: ID) {\n  apiKeyStatusChanged(\n    organizationId: $organizationId\n    applicationId: $applicationId\n  ) {\n    previousStatus\n    status\n    reason\n    occurredAt\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}": typeof types.ApiKeyStatusChangedDocument,
    "query ApiKeys($organizationId: ID!, $applicationId: ID!, $page: Int!, $limit: Int!) {\n  apiKeys(\n    organizationId: $organizationId\n    filter: {applicationId: $applicationId}\n    page: $page\n    limit: $limit\n  ) {\n    items {\n      ...ApiKeyFields\n    }\n    page\n    limit\n    totalItems\n    totalPages\n    hasPreviousPage\n    hasNextPage\n  }\n}": typeof types.ApiKeysDocument,
    "query Application($id: ID!) {\n  application(id: $id) {\n    ...ApplicationFields\n  }\n}": typeof types.ApplicationDocument,
    "fragment ApplicationFields on Application {\n  id\n  organizationId\n  name\n  description\n  isEnabled\n  createdAt\n  rateLimits {\n    name\n    limit\n    windowSeconds\n  }\n  allowedIps\n}": typeof types.ApplicationFieldsFragmentDoc,
    "subscription ApplicationStatusChanged($organizationId: ID!) {\n  applicationStatusChanged(organizationId: $organizationId) {\n    previousStatus\n    status\n    occurredAt\n    application {\n      ...ApplicationFields\n    }\n  }\n}": typeof types.ApplicationStatusChangedDocument,
    "query Applications($organizationId: ID!, $page: Int!, $limit: Int!) {\n  applications(organizationId: $organizationId, page: $page, limit: $limit) {\n    items {\n      ...ApplicationFields\n    }\n    page\n    limit\n    totalItems\n    totalPages\n    hasPreviousPage\n    hasNextPage\n  }\n}": typeof types.ApplicationsDocument,
    "subscription AuditEventAdded($organizationId: ID!, $after: String) {\n  auditEventAdded(organizationId: $organizationId, after: $after) {\n    ...AuditEventFields\n  }\n}": typeof types.AuditEventAddedDocument,
    "fragment AuditEventFields on AuditEvent {\n  id\n  type\n  actorType\n  actorId\n  actorEmail\n  subjectType\n  subjectId\n  data\n  createdAt\n}": typeof types.AuditEventFieldsFragmentDoc,
    "query AuditEvents($organizationId: ID!, $filter: AuditEventFilter, $first: Int!, $after: String) {\n  auditEvents(\n    organizationId: $organizationId\n    filter: $filter\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n    edges {\n      cursor\n      node {\n        ...AuditEventFields\n      }\n    }\n  }\n}": typeof types.AuditEventsDocument,
    "mutation CompleteLogin($challenge: String!, $code: String, $recoveryCode: String, $webauthnResponse: JSONObject) {\n  completeLogin(\n    challenge: $challenge\n    code: $code\n    recoveryCode: $recoveryCode\n    webauthnResponse: $webauthnResponse\n  ) {\n    token\n    expiresAt\n    user {\n      id\n      email\n    }\n  }\n}": typeof types.CompleteLoginDocument,
    "mutation ConfirmTotpEnrollment($code: String!) {\n  confirmTotpEnrollment(code: $code) {\n    recoveryCodes\n    secondFactor {\n      ...SecondFactorFields\n    }\n  }\n}": typeof types.ConfirmTotpEnrollmentDocument,
    "mutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    secret\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}": typeof types.CreateApiKeyDocument,
    "mutation CreateApplication($input: CreateApplicationInput!) {\n  createApplication(input: $input) {\n    ...ApplicationFields\n  }\n}": typeof types.CreateApplicationDocument,
    "mutation CreateOrganization($input: CreateOrganizationInput!) {\n  createOrganization(input: $input) {\n    id\n    name\n    slug\n    kybStatus\n    paymentsEnabled\n    keyPolicy {\n      requireMfa\n    }\n    parentOrganization {\n      id\n      name\n    }\n  }\n}": typeof types.CreateOrganizationDocument,
    "mutation CreatePersonalAccessToken($input: CreatePersonalAccessTokenInput!) {\n  createPersonalAccessToken(input: $input) {\n    token\n    personalAccessToken {\n      ...PersonalAccessTokenFields\n    }\n  }\n}": typeof types.CreatePersonalAccessTokenDocument,
    "mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n  createWebhookEndpoint(input: $input) {\n    secret\n    webhookEndpoint {\n      ...WebhookEndpointFields\n    }\n  }\n}": typeof types.CreateWebhookEndpointDocument,
    "mutation DeleteWebhookEndpoint($id: ID!) {\n  deleteWebhookEndpoint(id: $id) {\n    id\n  }\n}": typeof types.DeleteWebhookEndpointDocument,
    "mutation ExchangeTemporaryApiKey($temporaryKey: String!, $accountSecret: String!) {\n  exchangeTemporaryApiKey(\n    temporaryKey: $temporaryKey\n    accountSecret: $accountSecret\n  ) {\n    secret\n    apiKey {\n      id\n      name\n      keyPrefix\n      environment\n      status\n    }\n  }\n}": typeof types.ExchangeTemporaryApiKeyDocument,
    "mutation ExpireApiKeySecret($apiKeyId: ID!, $secretId: ID!) {\n  expireApiKeySecret(apiKeyId: $apiKeyId, secretId: $secretId) {\n    ...ApiKeyFields\n  }\n}": typeof types.ExpireApiKeySecretDocument,
    "mutation FinishPasskeyEnrollment($response: JSONObject!) {\n  finishPasskeyEnrollment(response: $response) {\n    recoveryCodes\n    secondFactor {\n      ...SecondFactorFields\n    }\n  }\n}": typeof types.FinishPasskeyEnrollmentDocument,
    "mutation IssueTemporaryApiKey($input: IssueTemporaryApiKeyInput!) {\n  issueTemporaryApiKey(input: $input) {\n    secret\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}": typeof types.IssueTemporaryApiKeyDocument,
    "query KeyUsage($id: ID!, $granularity: StatsGranularity!, $from: DateTimeISO) {\n  apiKey(id: $id) {\n    id\n    verificationStats(granularity: $granularity, from: $from) {\n      ...VerificationBucketFields\n    }\n  }\n}": typeof types.KeyUsageDocument,
    "mutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    expiresAt\n    mfaRequired\n    challenge\n    secondFactorKinds\n    webauthnOptions\n    user {\n      id\n      email\n    }\n  }\n}": typeof types.LoginDocument,
    "query Me {\n  me {\n    id\n    email\n    isPlatformAdmin\n    secondFactors {\n      id\n    }\n    memberships {\n      id\n      role\n      organization {\n        id\n        name\n      }\n    }\n  }\n}": typeof types.MeDocument,
    "fragment MemberFields on Member {\n  id\n  role\n  createdAt\n  user {\n    id\n    email\n  }\n}": typeof types.MemberFieldsFragmentDoc,
    "query MyPersonalAccessTokens {\n  me {\n    id\n    email\n    personalAccessTokens {\n      ...PersonalAccessTokenFields\n    }\n  }\n}": typeof types.MyPersonalAccessTokensDocument,
    "query MySecondFactors {\n  me {\n    id\n    email\n    secondFactors {\n      ...SecondFactorFields\n    }\n  }\n}": typeof types.MySecondFactorsDocument,
    "query OrganizationMembers($id: ID!) {\n  organization(id: $id) {\n    id\n    name\n    members {\n      ...MemberFields\n    }\n  }\n}": typeof types.OrganizationMembersDocument,
    "query OrganizationSettings($id: ID!) {\n  organization(id: $id) {\n    id\n    name\n    slug\n    kybStatus\n    paymentsEnabled\n    hasAccountSecret\n    accountSecretSetAt\n    accountSecretRotationDueAt\n    keyPolicy {\n      maxActiveKeysPerEnvironment\n      maxKeysPerApplication\n      keyCreationsPerMinutePerUser\n      liveKeysBeforeKyb\n      leakedKeyAction\n      tokenTtlSeconds\n      accountSecretRotationDays\n      accountSecretHistory\n      requireMfa\n    }\n  }\n}": typeof types.OrganizationSettingsDocument,
    "query Organizations {\n  organizations {\n    id\n    name\n    slug\n    kybStatus\n    paymentsEnabled\n    keyPolicy {\n      requireMfa\n    }\n    parentOrganization {\n      id\n      name\n    }\n  }\n}": typeof types.OrganizationsDocument,
    "fragment PersonalAccessTokenFields on PersonalAccessToken {\n  id\n  name\n  tokenPrefix\n  organizationId\n  maxRole\n  createdAt\n  expiresAt\n  lastUsedAt\n  revokedAt\n}": typeof types.PersonalAccessTokenFieldsFragmentDoc,
    "mutation RemoveMember($organizationId: ID!, $userId: ID!) {\n  removeMember(organizationId: $organizationId, userId: $userId) {\n    id\n  }\n}": typeof types.RemoveMemberDocument,
    "mutation RemoveSecondFactor($id: ID!, $password: String!) {\n  removeSecondFactor(id: $id, password: $password) {\n    id\n  }\n}": typeof types.RemoveSecondFactorDocument,
    "mutation RetrieveApiKey($apiKeyId: ID!, $accountSecret: String!) {\n  retrieveApiKey(apiKeyId: $apiKeyId, accountSecret: $accountSecret) {\n    secret\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}": typeof types.RetrieveApiKeyDocument,
    "mutation RevokeApiKey($id: ID!, $reason: String) {\n  revokeApiKey(id: $id, reason: $reason) {\n    ...ApiKeyFields\n  }\n}": typeof types.RevokeApiKeyDocument,
    "mutation RevokePersonalAccessToken($id: ID!) {\n  revokePersonalAccessToken(id: $id) {\n    ...PersonalAccessTokenFields\n  }\n}": typeof types.RevokePersonalAccessTokenDocument,
    "mutation RotateApiKey($id: ID!, $gracePeriodSeconds: Int) {\n  rotateApiKey(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {\n    secret\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}": typeof types.RotateApiKeyDocument,
    "mutation RotateWebhookEndpointSecret($id: ID!, $overlapSeconds: Int!) {\n  rotateWebhookEndpointSecret(id: $id, overlapSeconds: $overlapSeconds) {\n    secret\n    webhookEndpoint {\n      ...WebhookEndpointFields\n    }\n  }\n}": typeof types.RotateWebhookEndpointSecretDocument,
    "fragment SecondFactorFields on SecondFactor {\n  id\n  kind\n  createdAt\n  lastUsedAt\n}": typeof types.SecondFactorFieldsFragmentDoc,
    "mutation SetAccountSecret($organizationId: ID!, $currentSecret: String, $newSecret: String!) {\n  setAccountSecret(\n    organizationId: $organizationId\n    currentSecret: $currentSecret\n    newSecret: $newSecret\n  ) {\n    id\n    hasAccountSecret\n    accountSecretSetAt\n    accountSecretRotationDueAt\n  }\n}": typeof types.SetAccountSecretDocument,
    "mutation SetApplicationEnabled($id: ID!, $isEnabled: Boolean!) {\n  setApplicationEnabled(id: $id, isEnabled: $isEnabled) {\n    ...ApplicationFields\n  }\n}": typeof types.SetApplicationEnabledDocument,
    "mutation SetKybStatus($organizationId: ID!, $status: KybStatus!) {\n  setKybStatus(organizationId: $organizationId, status: $status) {\n    id\n    kybStatus\n    paymentsEnabled\n  }\n}": typeof types.SetKybStatusDocument,
    "mutation StartPasskeyEnrollment($password: String!) {\n  startPasskeyEnrollment(password: $password) {\n    options\n  }\n}": typeof types.StartPasskeyEnrollmentDocument,
    "mutation StartTotpEnrollment($password: String!) {\n  startTotpEnrollment(password: $password) {\n    secret\n    otpauthUri\n  }\n}": typeof types.StartTotpEnrollmentDocument,
    "mutation UpdateApiKeyUsage($id: ID!, $input: UpdateApiKeyInput!) {\n  updateApiKey(id: $id, input: $input) {\n    ...ApiKeyFields\n  }\n}": typeof types.UpdateApiKeyUsageDocument,
    "mutation UpdateApplication($id: ID!, $input: UpdateApplicationInput!) {\n  updateApplication(id: $id, input: $input) {\n    ...ApplicationFields\n  }\n}": typeof types.UpdateApplicationDocument,
    "mutation UpdateKeyPolicy($id: ID!, $keyPolicy: KeyPolicyInput!) {\n  updateOrganization(id: $id, input: {keyPolicy: $keyPolicy}) {\n    id\n    keyPolicy {\n      maxActiveKeysPerEnvironment\n      maxKeysPerApplication\n      keyCreationsPerMinutePerUser\n      liveKeysBeforeKyb\n      leakedKeyAction\n      tokenTtlSeconds\n      accountSecretRotationDays\n      accountSecretHistory\n      requireMfa\n    }\n  }\n}": typeof types.UpdateKeyPolicyDocument,
    "mutation UpdateMemberRole($organizationId: ID!, $userId: ID!, $role: MemberRole!) {\n  updateMemberRole(organizationId: $organizationId, userId: $userId, role: $role) {\n    ...MemberFields\n  }\n}": typeof types.UpdateMemberRoleDocument,
    "mutation UpdateWebhookEndpoint($id: ID!, $input: UpdateWebhookEndpointInput!) {\n  updateWebhookEndpoint(id: $id, input: $input) {\n    ...WebhookEndpointFields\n  }\n}": typeof types.UpdateWebhookEndpointDocument,
    "query UsageOverview($organizationId: ID!, $granularity: StatsGranularity!, $from: DateTimeISO) {\n  verificationStats(\n    organizationId: $organizationId\n    granularity: $granularity\n    filter: {from: $from}\n  ) {\n    ...VerificationBucketFields\n  }\n  topApiKeys(organizationId: $organizationId, from: $from, limit: 5) {\n    apiKey {\n      id\n      name\n      keyPrefix\n    }\n    total\n    valid\n    certain\n  }\n}": typeof types.UsageOverviewDocument,
    "fragment VerificationBucketFields on VerificationBucket {\n  start\n  total\n  valid\n  byCode {\n    code\n    count\n  }\n}": typeof types.VerificationBucketFieldsFragmentDoc,
    "query WebhookDeliveries($endpointId: ID!, $limit: Int!) {\n  webhookDeliveries(endpointId: $endpointId, limit: $limit) {\n    id\n    eventId\n    eventType\n    status\n    attemptCount\n    lastStatusCode\n    lastError\n    nextAttemptAt\n    deliveredAt\n    createdAt\n    attempts {\n      attempt\n      attemptedAt\n      durationMs\n      statusCode\n      error\n    }\n  }\n}": typeof types.WebhookDeliveriesDocument,
    "fragment WebhookEndpointFields on WebhookEndpoint {\n  id\n  organizationId\n  url\n  description\n  eventTypes\n  isEnabled\n  disabledReason\n  failingSince\n  secretPrefix\n  previousSecretExpiresAt\n  createdAt\n  updatedAt\n}": typeof types.WebhookEndpointFieldsFragmentDoc,
    "query WebhookEndpoints($organizationId: ID!) {\n  webhookEndpoints(organizationId: $organizationId) {\n    ...WebhookEndpointFields\n  }\n}": typeof types.WebhookEndpointsDocument,
};
const documents: Documents = {
    "mutation AddMember($organizationId: ID!, $email: String!, $role: MemberRole!) {\n  addMember(organizationId: $organizationId, email: $email, role: $role) {\n    ...MemberFields\n  }\n}": types.AddMemberDocument,
    "query ApiKey($id: ID!) {\n  apiKey(id: $id) {\n    ...ApiKeyFields\n  }\n}": types.ApiKeyDocument,
    "fragment ApiKeyFields on ApiKey {\n  id\n  applicationId\n  name\n  description\n  keyPrefix\n  environment\n  kind\n  status\n  scopes\n  lastUsedAt\n  expiresAt\n  createdAt\n  revokedAt\n  revokedReason\n  leakedAt\n  leakedUrl\n  webhookUrl\n  recoverable\n  rateLimits {\n    name\n    limit\n    windowSeconds\n  }\n  allowedIps\n  credits\n  creditRefill {\n    amount\n    interval\n    dayOfMonth\n  }\n  secrets {\n    id\n    keyPrefix\n    status\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n}": types.ApiKeyFieldsFragmentDoc,
    "subscription ApiKeyStatusChanged($organizationId: ID!, $applicationId: ID) {\n  apiKeyStatusChanged(\n    organizationId: $organizationId\n    applicationId: $applicationId\n  ) {\n    previousStatus\n    status\n    reason\n    occurredAt\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}": types.ApiKeyStatusChangedDocument,
    "query ApiKeys($organizationId: ID!, $applicationId: ID!, $page: Int!, $limit: Int!) {\n  apiKeys(\n    organizationId: $organizationId\n    filter: {applicationId: $applicationId}\n    page: $page\n    limit: $limit\n  ) {\n    items {\n      ...ApiKeyFields\n    }\n    page\n    limit\n    totalItems\n    totalPages\n    hasPreviousPage\n    hasNextPage\n  }\n}": types.ApiKeysDocument,
    "query Application($id: ID!) {\n  application(id: $id) {\n    ...ApplicationFields\n  }\n}": types.ApplicationDocument,
    "fragment ApplicationFields on Application {\n  id\n  organizationId\n  name\n  description\n  isEnabled\n  createdAt\n  rateLimits {\n    name\n    limit\n    windowSeconds\n  }\n  allowedIps\n}": types.ApplicationFieldsFragmentDoc,
    "subscription ApplicationStatusChanged($organizationId: ID!) {\n  applicationStatusChanged(organizationId: $organizationId) {\n    previousStatus\n    status\n    occurredAt\n    application {\n      ...ApplicationFields\n    }\n  }\n}": types.ApplicationStatusChangedDocument,
    "query Applications($organizationId: ID!, $page: Int!, $limit: Int!) {\n  applications(organizationId: $organizationId, page: $page, limit: $limit) {\n    items {\n      ...ApplicationFields\n    }\n    page\n    limit\n    totalItems\n    totalPages\n    hasPreviousPage\n    hasNextPage\n  }\n}": types.ApplicationsDocument,
    "subscription AuditEventAdded($organizationId: ID!, $after: String) {\n  auditEventAdded(organizationId: $organizationId, after: $after) {\n    ...AuditEventFields\n  }\n}": types.AuditEventAddedDocument,
    "fragment AuditEventFields on AuditEvent {\n  id\n  type\n  actorType\n  actorId\n  actorEmail\n  subjectType\n  subjectId\n  data\n  createdAt\n}": types.AuditEventFieldsFragmentDoc,
    "query AuditEvents($organizationId: ID!, $filter: AuditEventFilter, $first: Int!, $after: String) {\n  auditEvents(\n    organizationId: $organizationId\n    filter: $filter\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n    edges {\n      cursor\n      node {\n        ...AuditEventFields\n      }\n    }\n  }\n}": types.AuditEventsDocument,
    "mutation CompleteLogin($challenge: String!, $code: String, $recoveryCode: String, $webauthnResponse: JSONObject) {\n  completeLogin(\n    challenge: $challenge\n    code: $code\n    recoveryCode: $recoveryCode\n    webauthnResponse: $webauthnResponse\n  ) {\n    token\n    expiresAt\n    user {\n      id\n      email\n    }\n  }\n}": types.CompleteLoginDocument,
    "mutation ConfirmTotpEnrollment($code: String!) {\n  confirmTotpEnrollment(code: $code) {\n    recoveryCodes\n    secondFactor {\n      ...SecondFactorFields\n    }\n  }\n}": types.ConfirmTotpEnrollmentDocument,
    "mutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    secret\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}": types.CreateApiKeyDocument,
    "mutation CreateApplication($input: CreateApplicationInput!) {\n  createApplication(input: $input) {\n    ...ApplicationFields\n  }\n}": types.CreateApplicationDocument,
    "mutation CreateOrganization($input: CreateOrganizationInput!) {\n  createOrganization(input: $input) {\n    id\n    name\n    slug\n    kybStatus\n    paymentsEnabled\n    keyPolicy {\n      requireMfa\n    }\n    parentOrganization {\n      id\n      name\n    }\n  }\n}": types.CreateOrganizationDocument,
    "mutation CreatePersonalAccessToken($input: CreatePersonalAccessTokenInput!) {\n  createPersonalAccessToken(input: $input) {\n    token\n    personalAccessToken {\n      ...PersonalAccessTokenFields\n    }\n  }\n}": types.CreatePersonalAccessTokenDocument,
    "mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n  createWebhookEndpoint(input: $input) {\n    secret\n    webhookEndpoint {\n      ...WebhookEndpointFields\n    }\n  }\n}": types.CreateWebhookEndpointDocument,
    "mutation DeleteWebhookEndpoint($id: ID!) {\n  deleteWebhookEndpoint(id: $id) {\n    id\n  }\n}": types.DeleteWebhookEndpointDocument,
    "mutation ExchangeTemporaryApiKey($temporaryKey: String!, $accountSecret: String!) {\n  exchangeTemporaryApiKey(\n    temporaryKey: $temporaryKey\n    accountSecret: $accountSecret\n  ) {\n    secret\n    apiKey {\n      id\n      name\n      keyPrefix\n      environment\n      status\n    }\n  }\n}": types.ExchangeTemporaryApiKeyDocument,
    "mutation ExpireApiKeySecret($apiKeyId: ID!, $secretId: ID!) {\n  expireApiKeySecret(apiKeyId: $apiKeyId, secretId: $secretId) {\n    ...ApiKeyFields\n  }\n}": types.ExpireApiKeySecretDocument,
    "mutation FinishPasskeyEnrollment($response: JSONObject!) {\n  finishPasskeyEnrollment(response: $response) {\n    recoveryCodes\n    secondFactor {\n      ...SecondFactorFields\n    }\n  }\n}": types.FinishPasskeyEnrollmentDocument,
    "mutation IssueTemporaryApiKey($input: IssueTemporaryApiKeyInput!) {\n  issueTemporaryApiKey(input: $input) {\n    secret\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}": types.IssueTemporaryApiKeyDocument,
    "query KeyUsage($id: ID!, $granularity: StatsGranularity!, $from: DateTimeISO) {\n  apiKey(id: $id) {\n    id\n    verificationStats(granularity: $granularity, from: $from) {\n      ...VerificationBucketFields\n    }\n  }\n}": types.KeyUsageDocument,
    "mutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    expiresAt\n    mfaRequired\n    challenge\n    secondFactorKinds\n    webauthnOptions\n    user {\n      id\n      email\n    }\n  }\n}": types.LoginDocument,
    "query Me {\n  me {\n    id\n    email\n    isPlatformAdmin\n    secondFactors {\n      id\n    }\n    memberships {\n      id\n      role\n      organization {\n        id\n        name\n      }\n    }\n  }\n}": types.MeDocument,
    "fragment MemberFields on Member {\n  id\n  role\n  createdAt\n  user {\n    id\n    email\n  }\n}": types.MemberFieldsFragmentDoc,
    "query MyPersonalAccessTokens {\n  me {\n    id\n    email\n    personalAccessTokens {\n      ...PersonalAccessTokenFields\n    }\n  }\n}": types.MyPersonalAccessTokensDocument,
    "query MySecondFactors {\n  me {\n    id\n    email\n    secondFactors {\n      ...SecondFactorFields\n    }\n  }\n}": types.MySecondFactorsDocument,
    "query OrganizationMembers($id: ID!) {\n  organization(id: $id) {\n    id\n    name\n    members {\n      ...MemberFields\n    }\n  }\n}": types.OrganizationMembersDocument,
    "query OrganizationSettings($id: ID!) {\n  organization(id: $id) {\n    id\n    name\n    slug\n    kybStatus\n    paymentsEnabled\n    hasAccountSecret\n    accountSecretSetAt\n    accountSecretRotationDueAt\n    keyPolicy {\n      maxActiveKeysPerEnvironment\n      maxKeysPerApplication\n      keyCreationsPerMinutePerUser\n      liveKeysBeforeKyb\n      leakedKeyAction\n      tokenTtlSeconds\n      accountSecretRotationDays\n      accountSecretHistory\n      requireMfa\n    }\n  }\n}": types.OrganizationSettingsDocument,
    "query Organizations {\n  organizations {\n    id\n    name\n    slug\n    kybStatus\n    paymentsEnabled\n    keyPolicy {\n      requireMfa\n    }\n    parentOrganization {\n      id\n      name\n    }\n  }\n}": types.OrganizationsDocument,
    "fragment PersonalAccessTokenFields on PersonalAccessToken {\n  id\n  name\n  tokenPrefix\n  organizationId\n  maxRole\n  createdAt\n  expiresAt\n  lastUsedAt\n  revokedAt\n}": types.PersonalAccessTokenFieldsFragmentDoc,
    "mutation RemoveMember($organizationId: ID!, $userId: ID!) {\n  removeMember(organizationId: $organizationId, userId: $userId) {\n    id\n  }\n}": types.RemoveMemberDocument,
    "mutation RemoveSecondFactor($id: ID!, $password: String!) {\n  removeSecondFactor(id: $id, password: $password) {\n    id\n  }\n}": types.RemoveSecondFactorDocument,
    "mutation RetrieveApiKey($apiKeyId: ID!, $accountSecret: String!) {\n  retrieveApiKey(apiKeyId: $apiKeyId, accountSecret: $accountSecret) {\n    secret\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}": types.RetrieveApiKeyDocument,
    "mutation RevokeApiKey($id: ID!, $reason: String) {\n  revokeApiKey(id: $id, reason: $reason) {\n    ...ApiKeyFields\n  }\n}": types.RevokeApiKeyDocument,
    "mutation RevokePersonalAccessToken($id: ID!) {\n  revokePersonalAccessToken(id: $id) {\n    ...PersonalAccessTokenFields\n  }\n}": types.RevokePersonalAccessTokenDocument,
    "mutation RotateApiKey($id: ID!, $gracePeriodSeconds: Int) {\n  rotateApiKey(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {\n    secret\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}": types.RotateApiKeyDocument,
    "mutation RotateWebhookEndpointSecret($id: ID!, $overlapSeconds: Int!) {\n  rotateWebhookEndpointSecret(id: $id, overlapSeconds: $overlapSeconds) {\n    secret\n    webhookEndpoint {\n      ...WebhookEndpointFields\n    }\n  }\n}": types.RotateWebhookEndpointSecretDocument,
    "fragment SecondFactorFields on SecondFactor {\n  id\n  kind\n  createdAt\n  lastUsedAt\n}": types.SecondFactorFieldsFragmentDoc,
    "mutation SetAccountSecret($organizationId: ID!, $currentSecret: String, $newSecret: String!) {\n  setAccountSecret(\n    organizationId: $organizationId\n    currentSecret: $currentSecret\n    newSecret: $newSecret\n  ) {\n    id\n    hasAccountSecret\n    accountSecretSetAt\n    accountSecretRotationDueAt\n  }\n}": types.SetAccountSecretDocument,
    "mutation SetApplicationEnabled($id: ID!, $isEnabled: Boolean!) {\n  setApplicationEnabled(id: $id, isEnabled: $isEnabled) {\n    ...ApplicationFields\n  }\n}": types.SetApplicationEnabledDocument,
    "mutation SetKybStatus($organizationId: ID!, $status: KybStatus!) {\n  setKybStatus(organizationId: $organizationId, status: $status) {\n    id\n    kybStatus\n    paymentsEnabled\n  }\n}": types.SetKybStatusDocument,
    "mutation StartPasskeyEnrollment($password: String!) {\n  startPasskeyEnrollment(password: $password) {\n    options\n  }\n}": types.StartPasskeyEnrollmentDocument,
    "mutation StartTotpEnrollment($password: String!) {\n  startTotpEnrollment(password: $password) {\n    secret\n    otpauthUri\n  }\n}": types.StartTotpEnrollmentDocument,
    "mutation UpdateApiKeyUsage($id: ID!, $input: UpdateApiKeyInput!) {\n  updateApiKey(id: $id, input: $input) {\n    ...ApiKeyFields\n  }\n}": types.UpdateApiKeyUsageDocument,
    "mutation UpdateApplication($id: ID!, $input: UpdateApplicationInput!) {\n  updateApplication(id: $id, input: $input) {\n    ...ApplicationFields\n  }\n}": types.UpdateApplicationDocument,
    "mutation UpdateKeyPolicy($id: ID!, $keyPolicy: KeyPolicyInput!) {\n  updateOrganization(id: $id, input: {keyPolicy: $keyPolicy}) {\n    id\n    keyPolicy {\n      maxActiveKeysPerEnvironment\n      maxKeysPerApplication\n      keyCreationsPerMinutePerUser\n      liveKeysBeforeKyb\n      leakedKeyAction\n      tokenTtlSeconds\n      accountSecretRotationDays\n      accountSecretHistory\n      requireMfa\n    }\n  }\n}": types.UpdateKeyPolicyDocument,
    "mutation UpdateMemberRole($organizationId: ID!, $userId: ID!, $role: MemberRole!) {\n  updateMemberRole(organizationId: $organizationId, userId: $userId, role: $role) {\n    ...MemberFields\n  }\n}": types.UpdateMemberRoleDocument,
    "mutation UpdateWebhookEndpoint($id: ID!, $input: UpdateWebhookEndpointInput!) {\n  updateWebhookEndpoint(id: $id, input: $input) {\n    ...WebhookEndpointFields\n  }\n}": types.UpdateWebhookEndpointDocument,
    "query UsageOverview($organizationId: ID!, $granularity: StatsGranularity!, $from: DateTimeISO) {\n  verificationStats(\n    organizationId: $organizationId\n    granularity: $granularity\n    filter: {from: $from}\n  ) {\n    ...VerificationBucketFields\n  }\n  topApiKeys(organizationId: $organizationId, from: $from, limit: 5) {\n    apiKey {\n      id\n      name\n      keyPrefix\n    }\n    total\n    valid\n    certain\n  }\n}": types.UsageOverviewDocument,
    "fragment VerificationBucketFields on VerificationBucket {\n  start\n  total\n  valid\n  byCode {\n    code\n    count\n  }\n}": types.VerificationBucketFieldsFragmentDoc,
    "query WebhookDeliveries($endpointId: ID!, $limit: Int!) {\n  webhookDeliveries(endpointId: $endpointId, limit: $limit) {\n    id\n    eventId\n    eventType\n    status\n    attemptCount\n    lastStatusCode\n    lastError\n    nextAttemptAt\n    deliveredAt\n    createdAt\n    attempts {\n      attempt\n      attemptedAt\n      durationMs\n      statusCode\n      error\n    }\n  }\n}": types.WebhookDeliveriesDocument,
    "fragment WebhookEndpointFields on WebhookEndpoint {\n  id\n  organizationId\n  url\n  description\n  eventTypes\n  isEnabled\n  disabledReason\n  failingSince\n  secretPrefix\n  previousSecretExpiresAt\n  createdAt\n  updatedAt\n}": types.WebhookEndpointFieldsFragmentDoc,
    "query WebhookEndpoints($organizationId: ID!) {\n  webhookEndpoints(organizationId: $organizationId) {\n    ...WebhookEndpointFields\n  }\n}": types.WebhookEndpointsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AddMember($organizationId: ID!, $email: String!, $role: MemberRole!) {\n  addMember(organizationId: $organizationId, email: $email, role: $role) {\n    ...MemberFields\n  }\n}"): typeof import('./graphql').AddMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ApiKey($id: ID!) {\n  apiKey(id: $id) {\n    ...ApiKeyFields\n  }\n}"): typeof import('./graphql').ApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ApiKeyFields on ApiKey {\n  id\n  applicationId\n  name\n  description\n  keyPrefix\n  environment\n  kind\n  status\n  scopes\n  lastUsedAt\n  expiresAt\n  createdAt\n  revokedAt\n  revokedReason\n  leakedAt\n  leakedUrl\n  webhookUrl\n  recoverable\n  rateLimits {\n    name\n    limit\n    windowSeconds\n  }\n  allowedIps\n  credits\n  creditRefill {\n    amount\n    interval\n    dayOfMonth\n  }\n  secrets {\n    id\n    keyPrefix\n    status\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n}"): typeof import('./graphql').ApiKeyFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription ApiKeyStatusChanged($organizationId: ID!, $applicationId: ID) {\n  apiKeyStatusChanged(\n    organizationId: $organizationId\n    applicationId: $applicationId\n  ) {\n    previousStatus\n    status\n    reason\n    occurredAt\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}"): typeof import('./graphql').ApiKeyStatusChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ApiKeys($organizationId: ID!, $applicationId: ID!, $page: Int!, $limit: Int!) {\n  apiKeys(\n    organizationId: $organizationId\n    filter: {applicationId: $applicationId}\n    page: $page\n    limit: $limit\n  ) {\n    items {\n      ...ApiKeyFields\n    }\n    page\n    limit\n    totalItems\n    totalPages\n    hasPreviousPage\n    hasNextPage\n  }\n}"): typeof import('./graphql').ApiKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Application($id: ID!) {\n  application(id: $id) {\n    ...ApplicationFields\n  }\n}"): typeof import('./graphql').ApplicationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ApplicationFields on Application {\n  id\n  organizationId\n  name\n  description\n  isEnabled\n  createdAt\n  rateLimits {\n    name\n    limit\n    windowSeconds\n  }\n  allowedIps\n}"): typeof import('./graphql').ApplicationFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription ApplicationStatusChanged($organizationId: ID!) {\n  applicationStatusChanged(organizationId: $organizationId) {\n    previousStatus\n    status\n    occurredAt\n    application {\n      ...ApplicationFields\n    }\n  }\n}"): typeof import('./graphql').ApplicationStatusChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Applications($organizationId: ID!, $page: Int!, $limit: Int!) {\n  applications(organizationId: $organizationId, page: $page, limit: $limit) {\n    items {\n      ...ApplicationFields\n    }\n    page\n    limit\n    totalItems\n    totalPages\n    hasPreviousPage\n    hasNextPage\n  }\n}"): typeof import('./graphql').ApplicationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription AuditEventAdded($organizationId: ID!, $after: String) {\n  auditEventAdded(organizationId: $organizationId, after: $after) {\n    ...AuditEventFields\n  }\n}"): typeof import('./graphql').AuditEventAddedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment AuditEventFields on AuditEvent {\n  id\n  type\n  actorType\n  actorId\n  actorEmail\n  subjectType\n  subjectId\n  data\n  createdAt\n}"): typeof import('./graphql').AuditEventFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AuditEvents($organizationId: ID!, $filter: AuditEventFilter, $first: Int!, $after: String) {\n  auditEvents(\n    organizationId: $organizationId\n    filter: $filter\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n    edges {\n      cursor\n      node {\n        ...AuditEventFields\n      }\n    }\n  }\n}"): typeof import('./graphql').AuditEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CompleteLogin($challenge: String!, $code: String, $recoveryCode: String, $webauthnResponse: JSONObject) {\n  completeLogin(\n    challenge: $challenge\n    code: $code\n    recoveryCode: $recoveryCode\n    webauthnResponse: $webauthnResponse\n  ) {\n    token\n    expiresAt\n    user {\n      id\n      email\n    }\n  }\n}"): typeof import('./graphql').CompleteLoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ConfirmTotpEnrollment($code: String!) {\n  confirmTotpEnrollment(code: $code) {\n    recoveryCodes\n    secondFactor {\n      ...SecondFactorFields\n    }\n  }\n}"): typeof import('./graphql').ConfirmTotpEnrollmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    secret\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}"): typeof import('./graphql').CreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateApplication($input: CreateApplicationInput!) {\n  createApplication(input: $input) {\n    ...ApplicationFields\n  }\n}"): typeof import('./graphql').CreateApplicationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateOrganization($input: CreateOrganizationInput!) {\n  createOrganization(input: $input) {\n    id\n    name\n    slug\n    kybStatus\n    paymentsEnabled\n    keyPolicy {\n      requireMfa\n    }\n    parentOrganization {\n      id\n      name\n    }\n  }\n}"): typeof import('./graphql').CreateOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreatePersonalAccessToken($input: CreatePersonalAccessTokenInput!) {\n  createPersonalAccessToken(input: $input) {\n    token\n    personalAccessToken {\n      ...PersonalAccessTokenFields\n    }\n  }\n}"): typeof import('./graphql').CreatePersonalAccessTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n  createWebhookEndpoint(input: $input) {\n    secret\n    webhookEndpoint {\n      ...WebhookEndpointFields\n    }\n  }\n}"): typeof import('./graphql').CreateWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteWebhookEndpoint($id: ID!) {\n  deleteWebhookEndpoint(id: $id) {\n    id\n  }\n}"): typeof import('./graphql').DeleteWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ExchangeTemporaryApiKey($temporaryKey: String!, $accountSecret: String!) {\n  exchangeTemporaryApiKey(\n    temporaryKey: $temporaryKey\n    accountSecret: $accountSecret\n  ) {\n    secret\n    apiKey {\n      id\n      name\n      keyPrefix\n      environment\n      status\n    }\n  }\n}"): typeof import('./graphql').ExchangeTemporaryApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ExpireApiKeySecret($apiKeyId: ID!, $secretId: ID!) {\n  expireApiKeySecret(apiKeyId: $apiKeyId, secretId: $secretId) {\n    ...ApiKeyFields\n  }\n}"): typeof import('./graphql').ExpireApiKeySecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation FinishPasskeyEnrollment($response: JSONObject!) {\n  finishPasskeyEnrollment(response: $response) {\n    recoveryCodes\n    secondFactor {\n      ...SecondFactorFields\n    }\n  }\n}"): typeof import('./graphql').FinishPasskeyEnrollmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation IssueTemporaryApiKey($input: IssueTemporaryApiKeyInput!) {\n  issueTemporaryApiKey(input: $input) {\n    secret\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}"): typeof import('./graphql').IssueTemporaryApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query KeyUsage($id: ID!, $granularity: StatsGranularity!, $from: DateTimeISO) {\n  apiKey(id: $id) {\n    id\n    verificationStats(granularity: $granularity, from: $from) {\n      ...VerificationBucketFields\n    }\n  }\n}"): typeof import('./graphql').KeyUsageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    expiresAt\n    mfaRequired\n    challenge\n    secondFactorKinds\n    webauthnOptions\n    user {\n      id\n      email\n    }\n  }\n}"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Me {\n  me {\n    id\n    email\n    isPlatformAdmin\n    secondFactors {\n      id\n    }\n    memberships {\n      id\n      role\n      organization {\n        id\n        name\n      }\n    }\n  }\n}"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment MemberFields on Member {\n  id\n  role\n  createdAt\n  user {\n    id\n    email\n  }\n}"): typeof import('./graphql').MemberFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyPersonalAccessTokens {\n  me {\n    id\n    email\n    personalAccessTokens {\n      ...PersonalAccessTokenFields\n    }\n  }\n}"): typeof import('./graphql').MyPersonalAccessTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MySecondFactors {\n  me {\n    id\n    email\n    secondFactors {\n      ...SecondFactorFields\n    }\n  }\n}"): typeof import('./graphql').MySecondFactorsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query OrganizationMembers($id: ID!) {\n  organization(id: $id) {\n    id\n    name\n    members {\n      ...MemberFields\n    }\n  }\n}"): typeof import('./graphql').OrganizationMembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query OrganizationSettings($id: ID!) {\n  organization(id: $id) {\n    id\n    name\n    slug\n    kybStatus\n    paymentsEnabled\n    hasAccountSecret\n    accountSecretSetAt\n    accountSecretRotationDueAt\n    keyPolicy {\n      maxActiveKeysPerEnvironment\n      maxKeysPerApplication\n      keyCreationsPerMinutePerUser\n      liveKeysBeforeKyb\n      leakedKeyAction\n      tokenTtlSeconds\n      accountSecretRotationDays\n      accountSecretHistory\n      requireMfa\n    }\n  }\n}"): typeof import('./graphql').OrganizationSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Organizations {\n  organizations {\n    id\n    name\n    slug\n    kybStatus\n    paymentsEnabled\n    keyPolicy {\n      requireMfa\n    }\n    parentOrganization {\n      id\n      name\n    }\n  }\n}"): typeof import('./graphql').OrganizationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment PersonalAccessTokenFields on PersonalAccessToken {\n  id\n  name\n  tokenPrefix\n  organizationId\n  maxRole\n  createdAt\n  expiresAt\n  lastUsedAt\n  revokedAt\n}"): typeof import('./graphql').PersonalAccessTokenFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RemoveMember($organizationId: ID!, $userId: ID!) {\n  removeMember(organizationId: $organizationId, userId: $userId) {\n    id\n  }\n}"): typeof import('./graphql').RemoveMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RemoveSecondFactor($id: ID!, $password: String!) {\n  removeSecondFactor(id: $id, password: $password) {\n    id\n  }\n}"): typeof import('./graphql').RemoveSecondFactorDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RetrieveApiKey($apiKeyId: ID!, $accountSecret: String!) {\n  retrieveApiKey(apiKeyId: $apiKeyId, accountSecret: $accountSecret) {\n    secret\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}"): typeof import('./graphql').RetrieveApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeApiKey($id: ID!, $reason: String) {\n  revokeApiKey(id: $id, reason: $reason) {\n    ...ApiKeyFields\n  }\n}"): typeof import('./graphql').RevokeApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokePersonalAccessToken($id: ID!) {\n  revokePersonalAccessToken(id: $id) {\n    ...PersonalAccessTokenFields\n  }\n}"): typeof import('./graphql').RevokePersonalAccessTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RotateApiKey($id: ID!, $gracePeriodSeconds: Int) {\n  rotateApiKey(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {\n    secret\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}"): typeof import('./graphql').RotateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RotateWebhookEndpointSecret($id: ID!, $overlapSeconds: Int!) {\n  rotateWebhookEndpointSecret(id: $id, overlapSeconds: $overlapSeconds) {\n    secret\n    webhookEndpoint {\n      ...WebhookEndpointFields\n    }\n  }\n}"): typeof import('./graphql').RotateWebhookEndpointSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment SecondFactorFields on SecondFactor {\n  id\n  kind\n  createdAt\n  lastUsedAt\n}"): typeof import('./graphql').SecondFactorFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetAccountSecret($organizationId: ID!, $currentSecret: String, $newSecret: String!) {\n  setAccountSecret(\n    organizationId: $organizationId\n    currentSecret: $currentSecret\n    newSecret: $newSecret\n  ) {\n    id\n    hasAccountSecret\n    accountSecretSetAt\n    accountSecretRotationDueAt\n  }\n}"): typeof import('./graphql').SetAccountSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetApplicationEnabled($id: ID!, $isEnabled: Boolean!) {\n  setApplicationEnabled(id: $id, isEnabled: $isEnabled) {\n    ...ApplicationFields\n  }\n}"): typeof import('./graphql').SetApplicationEnabledDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetKybStatus($organizationId: ID!, $status: KybStatus!) {\n  setKybStatus(organizationId: $organizationId, status: $status) {\n    id\n    kybStatus\n    paymentsEnabled\n  }\n}"): typeof import('./graphql').SetKybStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation StartPasskeyEnrollment($password: String!) {\n  startPasskeyEnrollment(password: $password) {\n    options\n  }\n}"): typeof import('./graphql').StartPasskeyEnrollmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation StartTotpEnrollment($password: String!) {\n  startTotpEnrollment(password: $password) {\n    secret\n    otpauthUri\n  }\n}"): typeof import('./graphql').StartTotpEnrollmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateApiKeyUsage($id: ID!, $input: UpdateApiKeyInput!) {\n  updateApiKey(id: $id, input: $input) {\n    ...ApiKeyFields\n  }\n}"): typeof import('./graphql').UpdateApiKeyUsageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateApplication($id: ID!, $input: UpdateApplicationInput!) {\n  updateApplication(id: $id, input: $input) {\n    ...ApplicationFields\n  }\n}"): typeof import('./graphql').UpdateApplicationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateKeyPolicy($id: ID!, $keyPolicy: KeyPolicyInput!) {\n  updateOrganization(id: $id, input: {keyPolicy: $keyPolicy}) {\n    id\n    keyPolicy {\n      maxActiveKeysPerEnvironment\n      maxKeysPerApplication\n      keyCreationsPerMinutePerUser\n      liveKeysBeforeKyb\n      leakedKeyAction\n      tokenTtlSeconds\n      accountSecretRotationDays\n      accountSecretHistory\n      requireMfa\n    }\n  }\n}"): typeof import('./graphql').UpdateKeyPolicyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateMemberRole($organizationId: ID!, $userId: ID!, $role: MemberRole!) {\n  updateMemberRole(organizationId: $organizationId, userId: $userId, role: $role) {\n    ...MemberFields\n  }\n}"): typeof import('./graphql').UpdateMemberRoleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateWebhookEndpoint($id: ID!, $input: UpdateWebhookEndpointInput!) {\n  updateWebhookEndpoint(id: $id, input: $input) {\n    ...WebhookEndpointFields\n  }\n}"): typeof import('./graphql').UpdateWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UsageOverview($organizationId: ID!, $granularity: StatsGranularity!, $from: DateTimeISO) {\n  verificationStats(\n    organizationId: $organizationId\n    granularity: $granularity\n    filter: {from: $from}\n  ) {\n    ...VerificationBucketFields\n  }\n  topApiKeys(organizationId: $organizationId, from: $from, limit: 5) {\n    apiKey {\n      id\n      name\n      keyPrefix\n    }\n    total\n    valid\n    certain\n  }\n}"): typeof import('./graphql').UsageOverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment VerificationBucketFields on VerificationBucket {\n  start\n  total\n  valid\n  byCode {\n    code\n    count\n  }\n}"): typeof import('./graphql').VerificationBucketFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WebhookDeliveries($endpointId: ID!, $limit: Int!) {\n  webhookDeliveries(endpointId: $endpointId, limit: $limit) {\n    id\n    eventId\n    eventType\n    status\n    attemptCount\n    lastStatusCode\n    lastError\n    nextAttemptAt\n    deliveredAt\n    createdAt\n    attempts {\n      attempt\n      attemptedAt\n      durationMs\n      statusCode\n      error\n    }\n  }\n}"): typeof import('./graphql').WebhookDeliveriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment WebhookEndpointFields on WebhookEndpoint {\n  id\n  organizationId\n  url\n  description\n  eventTypes\n  isEnabled\n  disabledReason\n  failingSince\n  secretPrefix\n  previousSecretExpiresAt\n  createdAt\n  updatedAt\n}"): typeof import('./graphql').WebhookEndpointFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WebhookEndpoints($organizationId: ID!) {\n  webhookEndpoints(organizationId: $organizationId) {\n    ...WebhookEndpointFields\n  }\n}"): typeof import('./graphql').WebhookEndpointsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
