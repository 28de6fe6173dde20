import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../store/index.ts';
import { migrations } from '../store/sqlite/migrations.ts';
import { checkReadiness } from './readiness.ts';

describe('checkReadiness', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-readiness-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('is ready on an up-to-date store, and not once another Ziggy migrated it further, saying to upgrade', async () => {
    const file = path.join(dir, 'newer.db');
    const store = await openSqliteStore({ file });
    try {
      assert.deepEqual(await checkReadiness(store), { ready: true, store: await store.health() });
      const newer = migrations.length + 1;
      const other = new DatabaseSync(file);
      other.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', '2999-01-01')").run(newer);
      other.close();
      const readiness = await checkReadiness(store);
      assert.equal(readiness.ready, false);
      assert.equal(
        readiness.ready ? '' : readiness.reason,
        `The SQLite store ${file} has schema version ${newer}, newer than the ${migrations.length} this Ziggy knows: ` +
          'it was migrated by a newer Ziggy. Upgrade this instance.',
      );
    } finally {
      await store.close();
    }
  });

  it('is not ready when the store does not answer, saying why', async () => {
    const file = path.join(dir, 'closed.db');
    const store = await openSqliteStore({ file });
    await store.close();
    const readiness = await checkReadiness(store);
    assert.equal(readiness.store.reachable, false);
    assert.match(readiness.ready ? '' : readiness.reason, new RegExp(`^The SQLite store ${file} does not answer: .*database is not open`));
  });
});
