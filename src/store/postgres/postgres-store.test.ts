import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { postgresDatabases, postgresQuery } from '../../../test/support/postgres-databases.ts';
import { runStoreContract } from '../contract.ts';
import type { AuditInput, ConnectionFields } from '../types.ts';
import { migratePostgresStore, openPostgresStore } from './index.ts';
import { migrations } from './migrations.ts';

const databases = postgresDatabases('ziggy_store_test');
const freshDatabase = databases.fresh;
const query = postgresQuery;

let sharedUrl = '';
before(async () => {
  sharedUrl = await freshDatabase('shared');
});
after(() => databases.dropAll());

// Every case opens its own store (its own pool) on the one shared database, as several instances would.
runStoreContract('postgres', () => openPostgresStore({ url: sharedUrl }));

const fields: ConnectionFields = { type: 'postgres', description: '0', tags: [], devSource: '{}', prodSource: null };
function audit(name: string, actor: string): AuditInput {
  return { action: 'connection.update', entityType: 'connection', entityName: name, actor, details: {} };
}

describe('openPostgresStore', () => {
  it('applies each migration once when several instances start at once on an empty database', async () => {
    const url = await freshDatabase('concurrent_start');
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore({ url })));
    await Promise.all(stores.map((store) => store.close()));
    const { rows } = await query(url, 'SELECT version, name FROM ziggy_migrations ORDER BY version');
    assert.deepEqual(rows, migrations.map(({ version, name }) => ({ version, name })));
    assert.deepEqual(await migratePostgresStore({ url }), [], 'nothing is left to apply');
  });

  it('reports the migrations it applied, then refuses a database written by a newer Ziggy', async () => {
    const url = await freshDatabase('newer');
    const known = migrations.at(-1)?.version ?? 0;
    assert.deepEqual(await migratePostgresStore({ url }), migrations.map(({ version, name }) => ({ version, name })));
    await query(url, "INSERT INTO ziggy_migrations (version, name, applied_at) VALUES ($1, 'from the future', now())", [known + 1]);
    await assert.rejects(openPostgresStore({ url }), (error: Error) => {
      assert.equal(
        error.message,
        `The PostgreSQL store has schema version ${known + 1}, but this version of Ziggy knows versions up to ${known}: ` +
          'it was written by a newer Ziggy. Upgrade Ziggy to open it.',
      );
      return true;
    });
  });

  it('loses no update when several processes write the same connection', async () => {
    const name = `counter_${randomBytes(6).toString('hex')}`;
    const setup = await openPostgresStore({ url: sharedUrl });
    try {
      await setup.connections.create({ name, fields, by: 'api:setup' }, audit(name, 'api:setup'));
    } finally {
      await setup.close();
    }
    // Each process increments the counter in the description, retrying on version_conflict.
    const writer = `
      const { openPostgresStore } = await import(${JSON.stringify(new URL('./index.ts', import.meta.url).href)});
      const [url, name, id, times, startAt] = process.argv.slice(1);
      const store = await openPostgresStore({ url });
      // Start together so the writes really overlap, not one process after another.
      await new Promise((resolve) => setTimeout(resolve, Number(startAt) - Date.now()));
      for (let done = 0; done < Number(times); ) {
        const current = await store.connections.get(name);
        const { type, tags, devSource, prodSource } = current;
        const fields = { type, tags, devSource, prodSource, description: String(Number(current.description) + 1) };
        const by = 'cli:' + id;
        const audit = { action: 'connection.update', entityType: 'connection', entityName: name, actor: by, details: {} };
        try {
          await store.connections.update({ name, expectedVersion: current.version, fields, by, action: 'update' }, audit);
          done += 1;
        } catch (error) {
          if (error.id !== 'version_conflict') throw error;
        }
      }
      await store.close();
    `;
    const processes = 4;
    const times = 50;
    const run = promisify(execFile);
    const startAt = Date.now() + 1500;
    await Promise.all(
      Array.from({ length: processes }, (_, id) =>
        run(process.execPath, ['--no-warnings', '--input-type=module', '-e', writer, sharedUrl, name, `${id}`, `${times}`, `${startAt}`]),
      ),
    );
    const store = await openPostgresStore({ url: sharedUrl });
    try {
      const counter = await store.connections.get(name);
      assert.equal(counter?.description, String(processes * times));
      assert.equal(counter?.version, processes * times + 1);
      assert.equal((await store.connections.revisions(name)).length, processes * times + 1);
      assert.equal((await store.audit.list({ entityName: name, limit: 1000 })).length, processes * times + 1);
    } finally {
      await store.close();
    }
  });
});
