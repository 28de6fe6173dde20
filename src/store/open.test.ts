import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isZiggyError } from '../core/errors.ts';
import { migrateStoreFor, openStoreFor } from './open.ts';

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-open-store-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Port 1 on loopback: nothing listens there, so the connection is refused at once.
const unreachable = 'postgres://ziggy:s3cret-Pa55@127.0.0.1:1/ziggy';

describe('openStoreFor', () => {
  it('opens the SQLite file when no PostgreSQL URL is set', async () => {
    await withDir(async (dir) => {
      const sqliteFile = path.join(dir, 'ziggy.db');
      const store = await openStoreFor({ sqliteFile }, { ZIGGY_STORE_URL: '' });
      await store.close();
      assert.ok((await stat(sqliteFile)).isFile());
    });
  });

  it('names ZIGGY_STORE_URL when its PostgreSQL cannot be reached, never showing the password', async () => {
    await withDir(async (dir) => {
      await assert.rejects(openStoreFor({ sqliteFile: path.join(dir, 'ziggy.db') }, { ZIGGY_STORE_URL: unreachable }), (error: unknown) => {
        assert.ok(isZiggyError(error));
        assert.equal(error.id, 'store_unavailable');
        assert.match(error.message, /^The PostgreSQL store in ZIGGY_STORE_URL \(postgres:\/\/ziggy@127\.0\.0\.1:1\/ziggy\) could not be opened: /);
        assert.doesNotMatch(JSON.stringify(error.toJSON()), /s3cret-Pa55/);
        return true;
      });
    });
  });

  it('prefers the explicit URL to ZIGGY_STORE_URL and refuses one that is not postgres://', async () => {
    await withDir(async (dir) => {
      const options = { sqliteFile: path.join(dir, 'ziggy.db'), storeUrl: 'mysql://root:hunter2@db/ziggy' };
      await assert.rejects(openStoreFor(options, { ZIGGY_STORE_URL: unreachable }), (error: unknown) => {
        assert.ok(isZiggyError(error));
        assert.equal(error.id, 'bad_input');
        assert.match(error.message, /^the store URL option must be a postgres:\/\/ URL/);
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      });
    });
  });

  it('migrates the SQLite file and reports what it applied, then nothing', async () => {
    await withDir(async (dir) => {
      const sqliteFile = path.join(dir, 'ziggy.db');
      const first = await migrateStoreFor({ sqliteFile }, {});
      assert.equal(first.store, 'sqlite');
      assert.ok(first.applied.length > 0);
      assert.deepEqual((await migrateStoreFor({ sqliteFile }, {})).applied, []);
    });
  });
});
