import { can, effectiveRole, MINIMUM_ROLE, type Action } from '../../console/src/session/roles';

const org = (id: string, parentId?: string) => ({ id, parentOrganization: parentId ? { id: parentId } : null });
const membership = (organizationId: string, role: 'VIEWER' | 'DEVELOPER' | 'ADMIN' | 'OWNER') => ({ role, organization: { id: organizationId } });

describe('the console role matrix (SPEC 2)', () => {
  const expected: Record<string, Action[]> = {
    VIEWER: ['read'],
    // Temporary keys: a platform operator or an OWNER (SPEC 3.2; the server enforces MANAGE_KEYS).
    DEVELOPER: ['read', 'createApplication', 'createApiKey'],
    ADMIN: ['read', 'createApplication', 'createApiKey', 'updateApplication', 'setApplicationEnabled', 'manageWebhooks', 'updateApiKeyUsage'],
    OWNER: Object.keys(MINIMUM_ROLE) as Action[],
  };

  test.each(Object.entries(expected))('%s may do exactly its column', (role, actions) => {
    const allowed = (Object.keys(MINIMUM_ROLE) as Action[]).filter((action) => can({ isPlatformAdmin: false, role: role as never }, action));
    expect(allowed.sort()).toEqual([...actions].sort());
  });

  test('a platform admin may do everything, even without a membership', () => {
    for (const action of Object.keys(MINIMUM_ROLE) as Action[]) expect(can({ isPlatformAdmin: true, role: null }, action)).toBe(true);
  });

  test('no membership, no action', () => {
    expect(can({ isPlatformAdmin: false, role: null }, 'read')).toBe(false);
  });

  test('a connected account is managed with the role held in its parent; its own members only read', () => {
    expect(effectiveRole(org('child', 'parent'), [membership('parent', 'ADMIN')])).toBe('ADMIN');
    expect(effectiveRole(org('child', 'parent'), [membership('child', 'OWNER')])).toBe('VIEWER');
    expect(effectiveRole(org('child', 'parent'), [])).toBeNull();
    expect(effectiveRole(org('plain'), [membership('plain', 'DEVELOPER')])).toBe('DEVELOPER');
  });
});
