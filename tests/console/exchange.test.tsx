/** @jest-environment jsdom */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../console/src/api/errors';
import { ApiProvider } from '../../console/src/api/hooks';
import { ExchangeTemporaryKey } from '../../console/src/organizations/ExchangeTemporaryKey';
import { fakeApi } from './fake-api';

const TK = 'tk_live_TempTempTempTempTempTempTempTemp123456';
const PERMANENT = 'sk_live_PermPermPermPermPermPermPermPerm123456';

const ruleState = (rule: string) => document.querySelector(`[data-rule="${rule}"]`)?.getAttribute('data-met');

test('the account-secret policy is checked live, and the permanent secret is shown once', async () => {
  const user = userEvent.setup();
  const client = fakeApi({ ExchangeTemporaryApiKey: () => ({ exchangeTemporaryApiKey: { secret: PERMANENT, apiKey: { id: 'key_1', name: 'Checkout', keyPrefix: PERMANENT.slice(0, 12), environment: 'LIVE', status: 'ACTIVE' } } }) });
  render(
    <ApiProvider client={client}>
      <ExchangeTemporaryKey signedIn={false} />
    </ApiProvider>,
  );
  const submit = screen.getByRole('button', { name: 'Exchange for a permanent key' }) as HTMLButtonElement;
  await user.type(screen.getByLabelText('Temporary key'), 'sk_live_oops');
  expect(screen.getByText('A temporary key starts with tk_test_ or tk_live_.')).toBeTruthy();
  await user.clear(screen.getByLabelText('Temporary key'));
  await user.type(screen.getByLabelText('Temporary key'), TK);

  const secret = screen.getByLabelText('Account secret');
  await user.type(secret, 'short');
  expect([ruleState('length'), ruleState('uppercase'), ruleState('alphanumeric'), ruleState('history')]).toEqual(['false', 'false', 'true', 'unknown']);
  expect(submit.disabled).toBe(true);
  await user.type(secret, '-Enough-Secret1');
  expect([ruleState('length'), ruleState('uppercase'), ruleState('alphanumeric')]).toEqual(['true', 'true', 'true']);
  expect(secret.getAttribute('aria-describedby')).toBeTruthy();
  expect(submit.disabled).toBe(false);

  await user.click(submit);
  const dialog = await screen.findByRole('alertdialog', { name: 'Secret of Checkout' });
  expect(within(dialog).getByRole('textbox', { name: 'Secret' }).textContent).toBe(PERMANENT);
  expect(client.calls[0].variables).toEqual({ temporaryKey: TK, accountSecret: 'short-Enough-Secret1' });
  await user.click(within(dialog).getByRole('button', { name: 'I have saved it' }));
  expect(screen.getByRole('status').textContent).toContain('Checkout');
  expect(document.body.innerHTML).not.toContain(PERMANENT);
  expect(document.body.innerHTML).not.toContain(TK);
});

test('TEMPORARY_KEY_USED and SECRET_POLICY answers are shown in words with their code', async () => {
  const user = userEvent.setup();
  let answer: ApiError = new ApiError('This temporary key was already exchanged', 'TEMPORARY_KEY_USED');
  const client = fakeApi({
    ExchangeTemporaryApiKey: () => {
      throw answer;
    },
  });
  render(
    <ApiProvider client={client}>
      <ExchangeTemporaryKey signedIn={false} />
    </ApiProvider>,
  );
  await user.type(screen.getByLabelText('Temporary key'), TK);
  await user.type(screen.getByLabelText('Account secret'), 'Long-enough-Secret1');
  await user.click(screen.getByRole('button', { name: 'Exchange for a permanent key' }));
  await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('(TEMPORARY_KEY_USED)'));

  answer = new ApiError('The account secret was used recently', 'SECRET_POLICY', [{ field: 'accountSecret', message: 'must differ from the last 4 account secrets' }]);
  await user.click(screen.getByRole('button', { name: 'Exchange for a permanent key' }));
  await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('(SECRET_POLICY)'));
  expect(screen.getByText('must differ from the last 4 account secrets')).toBeTruthy();
});
