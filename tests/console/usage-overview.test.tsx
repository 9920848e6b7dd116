/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import { ApiProvider } from '../../console/src/api/hooks';
import { UsageOverview } from '../../console/src/analytics/UsageOverview';
import { fakeApi } from './fake-api';

const usage = (id: string, total: number, certain: boolean) => ({ apiKey: { id, name: `Key ${id}`, keyPrefix: 'sk_test_ab' }, total, valid: total - 7, certain });
const overview = (topApiKeys: ReturnType<typeof usage>[]) => () => ({ verificationStats: [], topApiKeys });

test('busiest keys say so when the ranking could not be certain (many keys about equally busy)', async () => {
  render(
    <ApiProvider client={fakeApi({ UsageOverview: overview([usage('key_1', 2512, false), usage('key_2', 2481, false)]) })}>
      <UsageOverview organizationId="org_1" />
    </ApiProvider>,
  );
  expect(await screen.findByText('2,512')).toBeTruthy();
  expect(screen.getByText(/a key not listed may have more requests/)).toBeTruthy();
});

test('a certain ranking shows no such note', async () => {
  render(
    <ApiProvider client={fakeApi({ UsageOverview: overview([usage('key_1', 90, true), usage('key_2', 40, true)]) })}>
      <UsageOverview organizationId="org_1" />
    </ApiProvider>,
  );
  expect(await screen.findByText('90')).toBeTruthy();
  expect(screen.queryByText(/a key not listed may have more requests/)).toBeNull();
});
