import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { postgresDatabases, postgresQuery } from '../../../test/support/postgres-databases.ts';
import { openPool } from './database.ts';
import { healthTimeoutMs } from './health.ts';
import { migratePostgresStore, openPostgresStore } from './index.ts';
import { applyMigrations } from './migrate.ts';
import { migrations } from './migrations.ts';

const databases = postgresDatabases('ziggy_pg_health_test');
after(() => databases.dropAll());

const known = migrations.at(-1)?.version ?? 0;
const allPending = migrations.map(({ version, name }) => `${version}: ${name}`);

/** The machine's server uses trust auth, so a URL may carry any password: it must show nowhere. */
function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}

describe('PostgreSQL store health and manual migrations', () => {
  it('opened without migrating, lists every migration pending; after another process migrates, none, without reopening', async () => {
    const url = await databases.fresh('manual');
    const store = await openPostgresStore({ url, migrate: false });
    try {
      const before = await store.health();
      assert.deepEqual(
        { ...before, location: '' },
        { kind: 'postgres', location: '', reachable: true, schemaVersion: 0, codeVersion: known, pending: allPending },
      );
      const { rows } = await postgresQuery(url, "SELECT count(*)::integer AS tables FROM pg_tables WHERE schemaname = 'public'");
      assert.equal(rows[0].tables, 0, 'opening created no table');
      assert.deepEqual(await migratePostgresStore({ url }), migrations.map(({ version, name }) => ({ version, name })));
      const afterMigrate = await store.health();
      assert.deepEqual([afterMigrate.schemaVersion, afterMigrate.pending], [known, []]);
    } finally {
      await store.close();
    }
  });

  it('upgrades a version 1 database to the login failures table, keeping its users', async () => {
    const url = await databases.fresh('from_v1');
    const pool = openPool({ url });
    try {
      await applyMigrations(pool, migrations.slice(0, 1));
      await pool.query(
        `INSERT INTO users (username, password_hash, dev_role, prod_role, disabled, created_at, updated_at)
         VALUES ('admin', 'scrypt$old', 'admin', 'admin', false, now(), now())`,
      );
    } finally {
      await pool.end();
    }
    const store = await openPostgresStore({ url, migrate: false });
    try {
      assert.deepEqual((await store.health()).pending, allPending.slice(1));
    } finally {
      await store.close();
    }
    const upgraded = await openPostgresStore({ url });
    try {
      assert.equal((await upgraded.users.get('admin'))?.roles.prod, 'admin');
      await upgraded.loginFailures.record({ usernameKey: 'u1', addressKey: 'a1', at: '2030-01-01T00:00:00.000Z' });
      assert.deepEqual(await upgraded.loginFailures.recent('address', 'a1', '2029-12-31T23:45:00.000Z', 10), ['2030-01-01T00:00:00.000Z']);
      assert.deepEqual((await upgraded.health()).pending, []);
    } finally {
      await upgraded.close();
    }
  });

  it('shows the URL without its password', async () => {
    const password = `pw-${randomBytes(6).toString('hex')}`;
    const store = await openPostgresStore({ url: withPassword(await databases.fresh('password'), password) });
    try {
      const health = await store.health();
      assert.equal(health.reachable, true, health.error);
      assert.ok(!JSON.stringify(health).includes(password), JSON.stringify(health));
      assert.match(health.location, /^postgres:\/\/postgres@127\.0\.0\.1:5432\/ziggy_pg_health_test_/);
    } finally {
      await store.close();
    }
  });

  it('reports a database that went away as unreachable, quickly and without the password', async () => {
    const password = `pw-${randomBytes(6).toString('hex')}`;
    const url = await databases.fresh('dropped');
    const store = await openPostgresStore({ url: withPassword(url, password) });
    try {
      await databases.dropAll();
      const started = performance.now();
      const health = await store.health();
      assert.ok(performance.now() - started < healthTimeoutMs * 2 + 500, 'answered within the timeout');
      assert.equal(health.reachable, false);
      assert.equal(health.schemaVersion, null);
      assert.deepEqual(health.pending, []);
      assert.match(health.error ?? '', /does not exist/);
      assert.ok(!JSON.stringify(health).includes(password), JSON.stringify(health));
    } finally {
      await store.close();
    }
  });
});
