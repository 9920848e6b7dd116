/** @jest-environment jsdom */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../console/src/api/errors';
import { Applications } from '../../console/src/applications/Applications';
import type { ApplicationFieldsFragment, MemberRole } from '../../console/src/gql/graphql';
import { renderInOrganization } from './render-in-organization';
import { fakeApi, type FakeApi } from './fake-api';

const app = (n: number, overrides: Partial<ApplicationFieldsFragment> = {}): ApplicationFieldsFragment => ({
  id: `app_${n}`,
  organizationId: 'org_1',
  name: `App ${n}`,
  description: null,
  isEnabled: true,
  rateLimits: [],
  allowedIps: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

function api(overrides: Record<string, (variables: Record<string, unknown>) => unknown> = {}): FakeApi {
  return fakeApi({
    Applications: (variables) => ({
      applications: { items: [app(Number(variables.page) * 10 + 1), app(Number(variables.page) * 10 + 2)], page: variables.page, limit: 20, totalItems: 45, totalPages: 3, hasPreviousPage: variables.page !== 1, hasNextPage: variables.page !== 3 },
    }),
    SetApplicationEnabled: (variables) => ({ setApplicationEnabled: app(11, { isEnabled: variables.isEnabled as boolean }) }),
    ...overrides,
  });
}

function renderApps(client: FakeApi, role: MemberRole, page = 1) {
  return renderInOrganization(client, <Applications page={page} />, { role });
}

test('pages through applications with the URL, and asks for the page it shows', async () => {
  const user = userEvent.setup();
  const client = api();
  renderApps(client, 'VIEWER', 2);
  await screen.findByRole('link', { name: 'App 21' });
  expect(client.calls.find((c) => c.operation === 'Applications')).toEqual({ operation: 'Applications', variables: { organizationId: 'org_1', page: 2, limit: 20 } });
  expect(screen.getByText(/Page 2 of 3/)).toBeTruthy();
  await user.click(screen.getByRole('button', { name: 'Next page' }));
  expect(window.location.pathname + window.location.search).toBe('/orgs/org_1/applications?page=3');
});

test('a VIEWER is offered no change; an ADMIN can rename and disable', async () => {
  const { unmount } = renderApps(api(), 'VIEWER');
  await screen.findByRole('link', { name: 'App 11' });
  expect(screen.queryByRole('button', { name: 'New application' })).toBeNull();
  expect(screen.queryByRole('button', { name: /^(Rename|Disable)/ })).toBeNull();
  unmount();

  const user = userEvent.setup();
  const client = api();
  renderApps(client, 'ADMIN');
  await screen.findByRole('link', { name: 'App 11' });
  await user.click(screen.getByRole('button', { name: 'Disable App 11' }));
  await screen.findByRole('button', { name: 'Enable App 11' });
  expect(client.calls.find((c) => c.operation === 'SetApplicationEnabled')?.variables).toEqual({ id: 'app_11', isEnabled: false });
});

test('a duplicate name is shown beside the Name field with its code', async () => {
  const user = userEvent.setup();
  const client = api({
    CreateApplication: () => {
      throw new ApiError('An application with this name already exists', 'CONFLICT', [{ field: 'name', message: 'is already used in this organization' }]);
    },
  });
  renderApps(client, 'DEVELOPER');
  await user.click(await screen.findByRole('button', { name: 'New application' }));
  const dialog = screen.getByRole('dialog', { name: 'New application' });
  await user.type(within(dialog).getByLabelText('Name'), 'App 11');
  await user.click(within(dialog).getByRole('button', { name: 'Create application' }));
  await waitFor(() => expect(within(dialog).getByText('is already used in this organization')).toBeTruthy());
  expect(within(dialog).getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
  expect(within(dialog).getByRole('alert').textContent).toContain('(CONFLICT)');
});

describe('shared limits of an application (SPEC 7)', () => {
  test('an ADMIN sees and sets the limits and allowlist all its keys share', async () => {
    const user = userEvent.setup();
    let sent: Record<string, unknown> | null = null;
    const client = fakeApi({
      Applications: () => ({ applications: { items: [app(1, { rateLimits: [{ name: 'per-second', limit: 500, windowSeconds: 1 }] })], page: 1, limit: 20, totalItems: 1, totalPages: 1, hasPreviousPage: false, hasNextPage: false } }),
      UpdateApplication: (variables) => {
        sent = variables.input as Record<string, unknown>;
        return { updateApplication: app(1, { rateLimits: [{ name: 'daily', limit: 100000, windowSeconds: 86400 }], allowedIps: ['198.51.100.0/24'] }) };
      },
    });
    renderInOrganization(client, <Applications page={1} />, { role: 'ADMIN' });
    expect(await screen.findByText('per-second: 500 / 1 s')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Limits of App 1' }));
    const dialog = screen.getByRole('dialog', { name: 'Shared limits of App 1' });
    const limits = within(dialog).getByLabelText('Rate limits');
    await user.clear(limits);
    await user.type(limits, 'daily 100000 86400');
    await user.type(within(dialog).getByLabelText('Allowed IP addresses'), '198.51.100.0/24');
    await user.click(within(dialog).getByRole('button', { name: 'Save limits' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(sent).toEqual({ rateLimits: [{ name: 'daily', limit: 100000, windowSeconds: 86400 }], allowedIps: ['198.51.100.0/24'] });
    expect(screen.getByText('daily: 100,000 / 86400 s')).toBeTruthy();
    expect(screen.getByText('from 198.51.100.0/24')).toBeTruthy();
  });
});
