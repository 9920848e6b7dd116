/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiProvider } from '../../console/src/api/hooks';
import { NoOrganization } from '../../console/src/organizations/NoOrganization';
import { fakeApi } from './fake-api';

const created = { id: 'org_1', name: 'Acme', slug: 'acme', kybStatus: 'PENDING', paymentsEnabled: false, parentOrganization: null };

test('a platform admin with no organization is offered to create the first one', async () => {
  const user = userEvent.setup();
  const client = fakeApi({ CreateOrganization: () => ({ createOrganization: created }) });
  const onCreated = jest.fn();
  render(
    <ApiProvider client={client}>
      <NoOrganization isPlatformAdmin onCreated={onCreated} />
    </ApiProvider>,
  );
  expect(screen.queryByText(/Ask an owner/)).toBeNull();
  await user.type(screen.getByLabelText(/Organization name/), 'Acme');
  await user.click(screen.getByRole('button', { name: 'Create organization' }));
  expect(client.calls).toEqual([{ operation: 'CreateOrganization', variables: { input: { name: 'Acme' } } }]);
  expect(onCreated).toHaveBeenCalledWith(created);
});

test('anyone else is told to ask an owner, and offered nothing they cannot do', () => {
  render(
    <ApiProvider client={fakeApi({})}>
      <NoOrganization isPlatformAdmin={false} onCreated={() => undefined} />
    </ApiProvider>,
  );
  expect(screen.getByText(/Ask an owner to add you/)).toBeTruthy();
  expect(screen.queryByRole('button')).toBeNull();
});
