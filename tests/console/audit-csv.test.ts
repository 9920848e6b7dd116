import { auditEventsToCsv, csvCell } from '../../console/src/audit/csv';
import { usageCsv } from '../../console/src/analytics/usage-data';
import { toFilter } from '../../console/src/audit/AuditLog';

describe('audit CSV export', () => {
  test('cells are quoted per RFC 4180 and formulas are defused', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('');
    expect(csvCell({ reason: 'x' })).toBe('"{""reason"":""x""}"');
  });

  test('one header line and one line per event', () => {
    const csv = auditEventsToCsv([
      { id: 'evt_1', type: 'api_key.revoked', actorType: 'user', actorId: 'usr_1', actorEmail: 'ann@acme.test', subjectType: 'api_key', subjectId: 'key_1', data: { reason: 'leaked, sadly' }, createdAt: '2026-01-01T00:00:00.000Z' },
    ]);
    expect(csv).toBe('id,createdAt,type,actorType,actorId,actorEmail,subjectType,subjectId,data\r\nevt_1,2026-01-01T00:00:00.000Z,api_key.revoked,user,usr_1,ann@acme.test,api_key,key_1,"{""reason"":""leaked, sadly""}"\r\n');
  });

  test('every CSV the console writes ends each line with CRLF, the usage export as the audit one', () => {
    const usage = usageCsv([
      { start: '2026-01-01T00:00:00.000Z', total: 5, valid: 3, byCode: [{ code: 'VALID', count: 3 }, { code: 'EXPIRED', count: 2 }] },
      { start: '2026-01-01T01:00:00.000Z', total: 1, valid: 0, byCode: [{ code: 'NOT_FOUND', count: 1 }] },
    ] as Parameters<typeof usageCsv>[0]);
    expect(usage).toBe('start,total,valid,EXPIRED,NOT_FOUND\r\n2026-01-01T00:00:00.000Z,5,3,2,0\r\n2026-01-01T01:00:00.000Z,1,0,0,1\r\n');
    for (const csv of [usage, auditEventsToCsv([])]) expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  test('filters become the API filter, empty ones are left out', () => {
    expect(toFilter({ type: '', subjectType: '', subjectId: ' ', since: '', until: '' })).toBeNull();
    expect(toFilter({ type: 'api_key.revoked', subjectType: 'api_key', subjectId: ' key_1 ', since: '', until: '' })).toEqual({ types: ['api_key.revoked'], subjectType: 'api_key', subjectId: 'key_1' });
    const withDates = toFilter({ type: '', subjectType: '', subjectId: '', since: '2026-01-01T10:00', until: '2026-01-02T10:00' });
    expect(withDates?.since).toBe(new Date('2026-01-01T10:00').toISOString());
    expect(withDates?.until).toBe(new Date('2026-01-02T10:00').toISOString());
  });
});
