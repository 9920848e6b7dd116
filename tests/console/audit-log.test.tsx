/** @jest-environment jsdom */
import { screen, within } from '@testing-library/react';
import fc from 'fast-check';
import { AuditLog } from '../../console/src/audit/AuditLog';
import { describeAuditData } from '../../console/src/audit/details';
import type { AuditEventFieldsFragment } from '../../console/src/gql/graphql';
import { renderInOrganization } from './render-in-organization';
import { fakeApi } from './fake-api';

const event = (n: number, overrides: Partial<AuditEventFieldsFragment>): AuditEventFieldsFragment => ({
  // Ids fall as n rises: the log shows newest (highest id) first, so event 1 is the first row.
  id: `evt_${10 - n}`,
  type: 'api_key.created',
  actorType: 'user',
  actorId: 'usr_1',
  actorEmail: 'ann@acme.test',
  subjectType: 'api_key',
  subjectId: `key_${n}`,
  data: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

test('the audit log names people by email and spells out details', async () => {
  const events = [
    event(1, { data: { environment: 'LIVE', scopes: ['payments:write', 'refunds'], recoverable: false, previousStatus: null } }),
    event(2, { type: 'api_key.revoked', actorType: 'personal_access_token', actorId: 'tok_9', actorEmail: 'ops@acme.test', data: { reason: 'leaked' } }),
    event(3, { type: 'api_key.expired', actorType: 'system', actorId: null, actorEmail: null, data: { previousStatus: 'ACTIVE', status: 'EXPIRED' } }),
  ];
  const client = fakeApi({ AuditEvents: () => ({ auditEvents: { edges: events.map((node) => ({ cursor: node.id, node })), pageInfo: { endCursor: null, hasNextPage: false }, totalCount: 3 } }) });
  renderInOrganization(client, <AuditLog />);
  const rows = await screen.findAllByRole('row');
  const body = rows.slice(1).map((row) => row.textContent ?? '');
  expect(body[0]).toContain('ann@acme.test');
  expect(body[0]).toContain('scopes: payments:write, refunds');
  expect(body[0]).toContain('previous status: —');
  expect(body[0]).not.toMatch(/usr_1|\[2\]/);
  expect(within(rows[2]!).getByText('ops@acme.test')).toBeTruthy();
  expect(body[1]).toContain('via personal access token');
  expect(body[2]).toContain('Keyward (automatic)');
});

test('details never summarise a list as its length, and show every listed value', () => {
  const scalar = fc.oneof(fc.stringMatching(/^[a-z:]{1,12}$/), fc.integer(), fc.boolean());
  fc.assert(
    fc.property(fc.dictionary(fc.stringMatching(/^[a-z][a-zA-Z]{0,10}$/), fc.array(scalar, { minLength: 1, maxLength: 4 }), { minKeys: 1, maxKeys: 3 }), (data) => {
      const text = describeAuditData(data, 10_000);
      for (const values of Object.values(data)) {
        for (const value of values) expect(text).toContain(typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value));
      }
      expect(text).not.toMatch(/\[\d+\]/);
    }),
  );
});
