/** @jest-environment jsdom */
import { act, screen, waitFor } from '@testing-library/react';
import { AuditLog } from '../../console/src/audit/AuditLog';
import type { AuditEventFieldsFragment } from '../../console/src/gql/graphql';
import { renderInOrganization } from './render-in-organization';
import { fakeApi } from './fake-api';

const event = (id: string, subjectId: string): AuditEventFieldsFragment => ({ id, type: 'application.created', actorType: 'user', actorId: 'usr_1', actorEmail: 'dev@acme.test', subjectType: 'application', subjectId, data: {}, createdAt: '2026-12-01T00:00:00.000Z' });

describe('the audit log after a lost connection', () => {
  it('resubscribes after the newest event it holds, shows what the replay brings once, newest first', async () => {
    const client = fakeApi({
      AuditEvents: () => ({ auditEvents: { edges: [{ cursor: 'evt_0000000020', node: event('evt_0000000020', 'app_first') }], pageInfo: { endCursor: 'evt_0000000020', hasNextPage: false }, totalCount: 1 } }),
    });
    renderInOrganization(client, <AuditLog />);
    await screen.findByText(/app_first/);
    expect(client.subscribed.filter((s) => s.operation === 'AuditEventAdded').map((s) => s.variables.after ?? null)).toEqual([null]);
    act(() => client.emit('AuditEventAdded', { auditEventAdded: event('evt_0000000030', 'app_live') }));
    await screen.findByText(/app_live/);

    act(() => client.reconnect());
    await waitFor(() => expect(client.subscribed.filter((s) => s.operation === 'AuditEventAdded').map((s) => s.variables.after ?? null)).toEqual([null, 'evt_0000000030']));
    // The replay repeats an event already shown and brings one missed while away.
    act(() => client.emit('AuditEventAdded', { auditEventAdded: event('evt_0000000030', 'app_live') }));
    act(() => client.emit('AuditEventAdded', { auditEventAdded: event('evt_0000000040', 'app_missed') }));
    await screen.findByText(/app_missed/);
    expect(screen.getAllByText(/app_live/)).toHaveLength(1);
    const text = document.body.textContent ?? '';
    expect(text.indexOf('app_missed')).toBeLessThan(text.indexOf('app_live'));
    expect(text.indexOf('app_live')).toBeLessThan(text.indexOf('app_first'));
  });
});
