import { serverSources } from '../helpers/sources';

/**
 * The SQLite guarantee (server/database/database.ts) holds only if nothing writes around it: writes
 * go through `db.transaction` / `db.write`, reads outside a transaction through `db.manager` /
 * `db.reader`. The writer data source itself is for the database layer and boot only.
 */
const ALLOWED = new Set(['database/database.ts', 'database/data-source.ts', 'main.ts', 'cli.ts', 'http/app.ts', 'http/credential-app.ts', 'events/event-system.ts', 'credentials/signing-key.service.ts']);

describe('database access goes through Database', () => {
  it('no service uses the writer data source directly, nor writes through the read manager', () => {
    const offences: string[] = [];
    for (const { file: name, text } of serverSources()) {
      text.split('\n').forEach((line, i) => {
        if (!ALLOWED.has(name) && /\bdb\.dataSource\b/.test(line)) offences.push(`${name}:${i + 1}: uses db.dataSource (use db.reader for reads, db.write/db.transaction for writes)`);
        if (/db\.manager\.(insert|update|delete|save|remove|upsert|increment|decrement|query|softDelete|restore|clear)\(/.test(line)) offences.push(`${name}:${i + 1}: writes through db.manager (use db.write or db.transaction)`);
      });
    }
    expect(offences).toEqual([]);
  });
});
