/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../console/src/api/errors';
import { ApplicationKeys } from '../../console/src/api-keys/ApplicationKeys';
import type { ApiKeyFieldsFragment, MemberRole } from '../../console/src/gql/graphql';
import { renderInOrganization } from './render-in-organization';
import { fakeApi, type FakeApi } from './fake-api';

const SECRET = 'sk_test_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';

function apiKey(overrides: Partial<ApiKeyFieldsFragment> = {}): ApiKeyFieldsFragment {
  return {
    id: 'key_existing',
    applicationId: 'app_1',
    name: 'Checkout service',
    description: 'Production checkout',
    keyPrefix: 'sk_test_Exis',
    environment: 'TEST',
    kind: 'PERMANENT',
    status: 'ACTIVE',
    scopes: ['payments:write'],
    lastUsedAt: null,
    expiresAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    revokedAt: null,
    revokedReason: null,
    leakedAt: null,
    leakedUrl: null,
    webhookUrl: null,
    recoverable: false,
    rateLimits: [],
    allowedIps: null,
    credits: null,
    creditRefill: null,
    secrets: [{ id: 'sec_1', keyPrefix: 'sk_test_Exis', status: 'ACTIVE', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: null, lastUsedAt: null }],
    ...overrides,
  };
}

function page(items: ApiKeyFieldsFragment[]) {
  return { apiKeys: { items, page: 1, limit: 20, totalItems: items.length, totalPages: 1, hasPreviousPage: false, hasNextPage: false } };
}

function api(overrides: Record<string, (variables: Record<string, unknown>) => unknown> = {}): FakeApi {
  return fakeApi({
    Application: () => ({ application: { id: 'app_1', organizationId: 'org_1', name: 'Web checkout', description: null, isEnabled: true, createdAt: '2026-01-01T00:00:00.000Z' } }),
    ApiKeys: () => page([apiKey()]),
    CreateApiKey: (variables) => {
      const input = variables.input as { name: string; description: string; scopes: string[] };
      return { createApiKey: { secret: SECRET, apiKey: apiKey({ id: 'key_new', name: input.name, description: input.description, keyPrefix: SECRET.slice(0, 12), scopes: input.scopes }) } };
    },
    RevokeApiKey: (variables) => ({ revokeApiKey: apiKey({ id: String(variables.id), status: 'REVOKED', revokedReason: (variables.reason as string | null) ?? null }) }),
    ...overrides,
  });
}

function renderKeys(client: FakeApi, role: MemberRole | null = 'OWNER') {
  return renderInOrganization(client, <ApplicationKeys applicationId="app_1" page={1} />, { role });
}

async function fillCreateForm(user: ReturnType<typeof userEvent.setup>, name = 'Refund worker') {
  await user.click(await screen.findByRole('button', { name: 'Create API key' }));
  const dialog = screen.getByRole('dialog', { name: 'Create API key' });
  await user.type(within(dialog).getByLabelText('Name'), name);
  await user.type(within(dialog).getByLabelText('Description'), 'Nightly refunds');
  await user.click(within(dialog).getByLabelText('refunds'));
  await user.selectOptions(within(dialog).getByLabelText('Expiry'), '30');
  return dialog;
}

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

describe('creating an API key', () => {
  test('shows the secret once, copies it, and forgets it after "I have saved it"', async () => {
    const user = userEvent.setup();
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const client = api();
    const onStorage = jest.spyOn(Storage.prototype, 'setItem');
    renderKeys(client);

    const form = await fillCreateForm(user);
    await user.type(within(form).getByLabelText('Webhook URL'), 'https://hooks.example.com/k');
    await user.click(within(form).getByRole('button', { name: 'Create API key' }));

    const secretDialog = await screen.findByRole('alertdialog', { name: 'Secret of Refund worker' });
    expect(client.calls.find((c) => c.operation === 'CreateApiKey')?.variables).toEqual({
      input: { applicationId: 'app_1', name: 'Refund worker', description: 'Nightly refunds', environment: 'TEST', scopes: ['refunds'], expiresInDays: 30, webhookUrl: 'https://hooks.example.com/k', recoverable: false, idempotencyKey: expect.any(String) },
    });
    expect(within(secretDialog).getByRole('textbox', { name: 'Secret' }).textContent).toBe(SECRET);
    expect(within(secretDialog).getByText(/shown/).textContent).toMatch(/once/);

    await user.click(within(secretDialog).getByRole('button', { name: 'Copy secret' }));
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(await within(secretDialog).findByText('Copied to the clipboard.')).toBeTruthy();

    // Escape (the dialog's cancel event) does not dismiss it: the user must confirm.
    fireEvent(secretDialog, new Event('cancel', { cancelable: true }));
    expect(screen.getByRole('alertdialog', { name: 'Secret of Refund worker' })).toBeTruthy();

    await user.click(within(secretDialog).getByRole('button', { name: 'I have saved it' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect(window.location.href).not.toContain(SECRET);
    expect(onStorage.mock.calls.flat().join(' ')).not.toContain(SECRET);
    // The new key is in the list, with its prefix only.
    const row = screen.getByText('Refund worker', { selector: '.key-name' }).closest('tr') as HTMLElement;
    expect(within(row).getByText(`${SECRET.slice(0, 12)}…`)).toBeTruthy();
    expect(row.querySelector('[data-status]')?.getAttribute('data-status')).toBe('ACTIVE');
    onStorage.mockRestore();
  });

  test('shows the API field errors beside their fields, in words, with the code', async () => {
    const user = userEvent.setup();
    const client = api({
      CreateApiKey: () => {
        throw new ApiError('Invalid input: webhookUrl: must be an HTTPS URL', 'BAD_USER_INPUT', [{ field: 'webhookUrl', message: 'must be an HTTPS URL' }]);
      },
    });
    renderKeys(client);
    const form = await fillCreateForm(user);
    await user.type(within(form).getByLabelText('Webhook URL'), 'http://insecure.example.com');
    await user.click(within(form).getByRole('button', { name: 'Create API key' }));

    const webhook = await within(form).findByLabelText('Webhook URL');
    await waitFor(() => expect(webhook.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = (webhook.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(describedBy).toContain('must be an HTTPS URL');
    expect(within(form).getByRole('alert').textContent).toMatch(/\(BAD_USER_INPUT\)$/);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  test('limits and rate limits are shown with their code next to the action', async () => {
    const user = userEvent.setup();
    const client = api({
      CreateApiKey: () => {
        throw new ApiError('Too many keys created; slow down', 'RATE_LIMITED', [], 42);
      },
    });
    renderKeys(client);
    const form = await fillCreateForm(user);
    await user.click(within(form).getByRole('button', { name: 'Create API key' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('Too many keys created; slow down. Too many attempts; wait a moment. Try again in 42 s. (RATE_LIMITED)');
  });
});

describe('revoking an API key', () => {
  test('asks for a confirmation that names the key, then marks it REVOKED', async () => {
    const user = userEvent.setup();
    const client = api();
    renderKeys(client);
    await user.click(await screen.findByRole('button', { name: 'Revoke Checkout service' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Revoke Checkout service?' });
    expect(confirm.textContent).toContain('Checkout service');
    expect(confirm.textContent).toContain('sk_test_Exis');
    await user.type(within(confirm).getByLabelText('Reason'), 'leaked in a log');
    await user.click(within(confirm).getByRole('button', { name: 'Revoke Checkout service' }));

    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(client.calls.find((c) => c.operation === 'RevokeApiKey')?.variables).toEqual({ id: 'key_existing', reason: 'leaked in a log' });
    expect(document.querySelector('[data-key-id="key_existing"] [data-status]')?.getAttribute('data-status')).toBe('REVOKED');
    expect(screen.queryByRole('button', { name: 'Revoke Checkout service' })).toBeNull();
  });

  test('an ALREADY_REVOKED answer stays in the dialog, in words', async () => {
    const user = userEvent.setup();
    const client = api({
      RevokeApiKey: () => {
        throw new ApiError('The key is already revoked', 'ALREADY_REVOKED');
      },
    });
    renderKeys(client);
    await user.click(await screen.findByRole('button', { name: 'Revoke Checkout service' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Revoke Checkout service?' });
    await user.click(within(confirm).getByRole('button', { name: 'Revoke Checkout service' }));
    expect((await within(confirm).findByRole('alert')).textContent).toContain('(ALREADY_REVOKED)');
  });
});

test('a status event from the subscription changes the badge without a reload', async () => {
  const client = api();
  renderKeys(client);
  await screen.findByText('Checkout service', { selector: '.key-name' });
  await waitFor(() => expect(client.openSubscriptions('ApiKeyStatusChanged')).toBe(1));
  act(() => {
    client.emit('ApiKeyStatusChanged', {
      apiKeyStatusChanged: { previousStatus: 'ACTIVE', status: 'REVOKED', reason: 'elsewhere', occurredAt: '2026-01-02T00:00:00.000Z', apiKey: apiKey({ status: 'REVOKED' }) },
    });
  });
  expect(document.querySelector('[data-key-id="key_existing"] [data-status]')?.getAttribute('data-status')).toBe('REVOKED');
  expect(screen.getByText('Checkout service is now revoked.')).toBeTruthy();
});

describe('the role matrix decides what is offered', () => {
  test.each([
    ['VIEWER', false, false],
    ['DEVELOPER', true, false],
    ['ADMIN', true, false],
    ['OWNER', true, true],
  ] as const)('%s: create %s, revoke %s', async (role, create, revoke) => {
    renderKeys(api(), role);
    await screen.findByText('Checkout service', { selector: '.key-name' });
    expect(screen.queryByRole('button', { name: 'Create API key' }) !== null).toBe(create);
    expect(screen.queryByRole('button', { name: 'Revoke Checkout service' }) !== null).toBe(revoke);
  });
});

describe('rotating an API key', () => {
  const NEW_SECRET = 'sk_test_NewNewNewNewNewNewNewNewNewNew123456';

  test('offers a grace period, shows the new secret once, then lets an old secret be expired', async () => {
    const user = userEvent.setup();
    const rotated = apiKey({
      secrets: [
        { id: 'sec_1', keyPrefix: 'sk_test_Exis', status: 'ACTIVE', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-08T00:00:00.000Z', lastUsedAt: null },
        { id: 'sec_2', keyPrefix: 'sk_test_NewN', status: 'ACTIVE', createdAt: '2026-01-02T00:00:00.000Z', expiresAt: null, lastUsedAt: null },
      ],
    });
    const client = api({
      RotateApiKey: () => ({ rotateApiKey: { secret: NEW_SECRET, apiKey: rotated } }),
      ExpireApiKeySecret: () => ({ expireApiKeySecret: apiKey({ secrets: [{ ...rotated.secrets[0], status: 'EXPIRED' }, rotated.secrets[1]] }) }),
    });
    renderKeys(client);

    await user.click(await screen.findByRole('button', { name: 'Rotate Checkout service' }));
    const dialog = screen.getByRole('dialog', { name: 'Rotate Checkout service' });
    await user.selectOptions(within(dialog).getByLabelText('Grace period'), '604800');
    await user.click(within(dialog).getByRole('button', { name: 'Rotate Checkout service' }));

    const secretDialog = await screen.findByRole('alertdialog', { name: 'Secret of Checkout service' });
    expect(within(secretDialog).getByRole('textbox', { name: 'Secret' }).textContent).toBe(NEW_SECRET);
    expect(client.calls.find((c) => c.operation === 'RotateApiKey')?.variables).toEqual({ id: 'key_existing', gracePeriodSeconds: 604800 });
    await user.click(within(secretDialog).getByRole('button', { name: 'I have saved it' }));
    expect(document.body.innerHTML).not.toContain(NEW_SECRET);

    expect(screen.getByText('2 working secrets (rotation in progress)')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Expire secret sk_test_Exis of Checkout service now' }));
    await waitFor(() => expect(screen.queryByText('2 working secrets (rotation in progress)')).toBeNull());
    expect(client.calls.find((c) => c.operation === 'ExpireApiKeySecret')?.variables).toEqual({ apiKeyId: 'key_existing', secretId: 'sec_1' });
  });

  test('"until I expire it" sends a null grace period', async () => {
    const user = userEvent.setup();
    const client = api({ RotateApiKey: () => ({ rotateApiKey: { secret: NEW_SECRET, apiKey: apiKey() } }) });
    renderKeys(client);
    await user.click(await screen.findByRole('button', { name: 'Rotate Checkout service' }));
    const dialog = screen.getByRole('dialog', { name: 'Rotate Checkout service' });
    await user.selectOptions(within(dialog).getByLabelText('Grace period'), 'Until I expire it by hand');
    await user.click(within(dialog).getByRole('button', { name: 'Rotate Checkout service' }));
    await screen.findByRole('alertdialog');
    expect(client.calls.find((c) => c.operation === 'RotateApiKey')?.variables).toEqual({ id: 'key_existing', gracePeriodSeconds: null });
  });

  test('only an OWNER is offered Rotate and Issue temporary key', async () => {
    renderKeys(api(), 'ADMIN');
    await screen.findByText('Checkout service', { selector: '.key-name' });
    expect(screen.queryByRole('button', { name: 'Rotate Checkout service' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Issue temporary key' })).toBeNull();
  });
});

test('issuing a temporary key shows its tk_ secret once', async () => {
  const user = userEvent.setup();
  const TK = 'tk_test_TempTempTempTempTempTempTempTemp123456';
  const client = api({
    IssueTemporaryApiKey: (variables) => ({ issueTemporaryApiKey: { secret: TK, apiKey: apiKey({ id: 'key_tmp', name: (variables.input as { name: string }).name, kind: 'TEMPORARY', status: 'PENDING_EXCHANGE', keyPrefix: TK.slice(0, 12) }) } }),
  });
  renderKeys(client);
  await user.click(await screen.findByRole('button', { name: 'Issue temporary key' }));
  const dialog = screen.getByRole('dialog', { name: 'Issue temporary key' });
  expect(within(dialog).queryByLabelText('Expiry')).toBeNull();
  await user.type(within(dialog).getByLabelText('Name'), 'Merchant onboarding');
  await user.type(within(dialog).getByLabelText('Description'), 'For Acme');
  await user.click(within(dialog).getByRole('button', { name: 'Issue temporary key' }));
  const secretDialog = await screen.findByRole('alertdialog', { name: 'Secret of Merchant onboarding' });
  expect(within(secretDialog).getByRole('textbox', { name: 'Secret' }).textContent).toBe(TK);
  expect(client.calls.find((c) => c.operation === 'IssueTemporaryApiKey')?.variables).toEqual({
    input: { applicationId: 'app_1', name: 'Merchant onboarding', description: 'For Acme', environment: 'TEST', scopes: [], webhookUrl: null, recoverable: false, idempotencyKey: expect.any(String) },
  });
  await user.click(within(secretDialog).getByRole('button', { name: 'I have saved it' }));
  const row = document.querySelector('[data-key-id="key_tmp"]') as HTMLElement;
  expect(row.querySelector('[data-status]')?.getAttribute('data-status')).toBe('PENDING_EXCHANGE');
  expect(document.body.innerHTML).not.toContain(TK);
});

test('a recoverable key can be retrieved with the account secret, and its secret is shown once', async () => {
  const user = userEvent.setup();
  const client = api({
    ApiKeys: () => page([apiKey({ recoverable: true })]),
    RetrieveApiKey: (variables) => {
      if (variables.accountSecret !== 'Right-account-Secret-1') throw new ApiError('The account secret is wrong', 'FORBIDDEN');
      return { retrieveApiKey: { secret: SECRET, apiKey: apiKey({ recoverable: true }) } };
    },
  });
  renderKeys(client);
  await user.click(await screen.findByRole('button', { name: 'Retrieve the secret of Checkout service' }));
  const dialog = screen.getByRole('dialog', { name: 'Retrieve the secret of Checkout service' });
  await user.type(within(dialog).getByLabelText('Account secret'), 'Wrong-account-Secret-1');
  await user.click(within(dialog).getByRole('button', { name: 'Retrieve secret' }));
  expect((await within(dialog).findByRole('alert')).textContent).toContain('(FORBIDDEN)');
  expect((within(dialog).getByLabelText('Account secret') as HTMLInputElement).value).toBe('');
  await user.type(within(dialog).getByLabelText('Account secret'), 'Right-account-Secret-1');
  await user.click(within(dialog).getByRole('button', { name: 'Retrieve secret' }));
  const secretDialog = await screen.findByRole('alertdialog', { name: 'Secret of Checkout service' });
  expect(within(secretDialog).getByRole('textbox', { name: 'Secret' }).textContent).toBe(SECRET);
  await user.click(within(secretDialog).getByRole('button', { name: 'I have saved it' }));
  expect(document.body.innerHTML).not.toContain(SECRET);
  expect(document.body.innerHTML).not.toContain('Right-account-Secret-1');
});

describe('usage limits of a key (SPEC 7)', () => {
  test('shows credits, limits and allowlist, and an ADMIN edits them in one update', async () => {
    const user = userEvent.setup();
    const governed = apiKey({ credits: 120, creditRefill: { amount: 500, interval: 'MONTHLY', dayOfMonth: 1 }, rateLimits: [{ name: 'per-second', limit: 50, windowSeconds: 1 }], allowedIps: ['203.0.113.0/24'] });
    let sent: Record<string, unknown> | null = null;
    const client = api({
      ApiKeys: () => page([governed]),
      UpdateApiKeyUsage: (variables) => {
        sent = variables.input as Record<string, unknown>;
        return { updateApiKey: { ...governed, rateLimits: [{ name: 'burst', limit: 10, windowSeconds: 60 }], allowedIps: ['10.0.0.0/8'], credits: 1000 } };
      },
    });
    renderKeys(client, 'ADMIN');
    const row = (await screen.findByText('Checkout service')).closest('tr')!;
    expect(within(row).getByText('120 credits left')).toBeTruthy();
    expect(within(row).getByText('refills to 500 monthly')).toBeTruthy();
    expect(within(row).getByText('per-second: 50 / 1 s')).toBeTruthy();
    expect(within(row).getByText('from 203.0.113.0/24')).toBeTruthy();
    // ADMIN may change usage, not the rest of the key.
    expect(within(row).queryByRole('button', { name: /Revoke/ })).toBeNull();
    await user.click(within(row).getByRole('button', { name: 'Limits of Checkout service' }));
    const dialog = screen.getByRole('dialog', { name: 'Usage limits of Checkout service' });
    const limits = within(dialog).getByLabelText('Rate limits');
    await user.clear(limits);
    await user.type(limits, 'burst 10 60');
    const ips = within(dialog).getByLabelText('Allowed IP addresses');
    await user.clear(ips);
    await user.type(ips, '10.0.0.0/8');
    const credits = within(dialog).getByLabelText('Credits');
    await user.clear(credits);
    await user.type(credits, '1000');
    await user.click(within(dialog).getByRole('button', { name: 'Save limits' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(sent).toEqual({ rateLimits: [{ name: 'burst', limit: 10, windowSeconds: 60 }], allowedIps: ['10.0.0.0/8'], credits: 1000 });
    expect(within(row).getByText('1,000 credits left')).toBeTruthy();
  });

  test('leaves credits alone unless edited, and says what a malformed limit line should look like', async () => {
    const user = userEvent.setup();
    let sent: Record<string, unknown> | null = null;
    const client = api({ UpdateApiKeyUsage: (variables) => ((sent = variables.input as Record<string, unknown>), { updateApiKey: apiKey() }) });
    renderKeys(client, 'OWNER');
    await user.click(await screen.findByRole('button', { name: 'Limits of Checkout service' }));
    const dialog = screen.getByRole('dialog', { name: 'Usage limits of Checkout service' });
    await user.type(within(dialog).getByLabelText('Rate limits'), 'fifty per second');
    await user.click(within(dialog).getByRole('button', { name: 'Save limits' }));
    expect(await within(dialog).findByText(/Line 1: write "name limit windowSeconds"/)).toBeTruthy();
    expect(sent).toBeNull();
    await user.clear(within(dialog).getByLabelText('Rate limits'));
    await user.click(within(dialog).getByRole('button', { name: 'Save limits' }));
    await waitFor(() => expect(sent).toEqual({ rateLimits: [], allowedIps: [] }));
  });

  test('DEVELOPERs and VIEWERs see the usage but no Limits button', async () => {
    for (const role of ['DEVELOPER', 'VIEWER'] as const) {
      const view = renderKeys(api(), role);
      expect(await screen.findByText('Unlimited credits')).toBeTruthy();
      expect(screen.queryByRole('button', { name: /^Limits/ })).toBeNull();
      view.unmount();
    }
  });
});

test('an INACTIVE LIVE key of an organization awaiting KYB says it awaits KYB approval', async () => {
  const client = api({ ApiKeys: () => page([apiKey({ id: 'key_live', environment: 'LIVE', status: 'INACTIVE', keyPrefix: 'sk_live_Abcd' }), apiKey({ id: 'key_test' })]) });
  renderInOrganization(client, <ApplicationKeys applicationId="app_1" page={1} />, { role: 'OWNER', organization: { kybStatus: 'PENDING', paymentsEnabled: false } });
  const hints = await screen.findAllByText(/Awaits KYB approval/);
  expect(hints).toHaveLength(1);
  expect(hints[0]!.closest('tr')?.textContent).toContain('sk_live_Abcd');
});

describe('a key reported leaked', () => {
  it('shows where it was found, as text, and what happened to it', async () => {
    const leaked = apiKey({ status: 'REVOKED', leakedAt: '2026-11-30T10:00:00.000Z', leakedUrl: 'javascript:alert(1)//github.com/acme/shop' });
    renderKeys(api({ ApiKeys: () => page([leaked]) }));
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('Leaked secret.');
    expect(banner.textContent).toContain('javascript:alert(1)//github.com/acme/shop');
    expect(banner.textContent).toContain('revoked automatically');
    expect(within(banner).queryByRole('link')).toBeNull();
  });
});
