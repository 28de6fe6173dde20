import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { openSqliteStore } from './index.ts';
import { migrations } from './migrations.ts';
import { runStoreContract } from '../contract.ts';
import { isZiggyError } from '../../core/errors.ts';
import type { AuditInput, ConnectionFields, Store } from '../types.ts';

const temporaryDirs: string[] = [];
async function freshFile(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-sqlite-'));
  temporaryDirs.push(dir);
  return path.join(dir, 'ziggy.db');
}
after(async () => {
  await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

runStoreContract('sqlite', async () => openSqliteStore({ file: await freshFile() }));

const fields: ConnectionFields = { type: 'postgres', description: '0', tags: [], devSource: '{}', prodSource: null };
function audit(name: string, actor: string): AuditInput {
  return { action: 'connection.update', entityType: 'connection', entityName: name, actor, details: {} };
}

function readRaw<T>(file: string, sql: string): T[] {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return db.prepare(sql).all() as unknown as T[];
  } finally {
    db.close();
  }
}

function updateFromVersion1(store: Store, by: string): Promise<unknown> {
  return store.connections.update(
    { name: 'orders', expectedVersion: 1, fields: { ...fields, description: by }, by, action: 'update' },
    audit('orders', by),
  );
}

async function withStore(file: string, run: (store: Store) => Promise<void>): Promise<void> {
  const store = await openSqliteStore({ file });
  try {
    await run(store);
  } finally {
    await store.close();
  }
}

describe('openSqliteStore', () => {
  it('uses WAL journal mode', async () => {
    const file = await freshFile();
    await withStore(file, async () => {
      const rows = readRaw<{ journal_mode: string }>(file, 'PRAGMA journal_mode');
      assert.deepEqual(rows.map((row) => row.journal_mode), ['wal']);
    });
  });

  it('lists migrations in order, numbered from 1 without gaps', () => {
    assert.deepEqual(migrations.map((migration) => migration.version), migrations.map((_, index) => index + 1));
  });

  it('keeps data on reopen and does not run migrations again', async () => {
    const file = await freshFile();
    await withStore(file, async (store) => {
      await store.connections.create({ name: 'orders', fields, by: 'cli:alice' }, audit('orders', 'cli:alice'));
    });
    const appliedBefore = readRaw(file, 'SELECT * FROM schema_migrations ORDER BY version');
    assert.equal(appliedBefore.length, migrations.length);
    await withStore(file, async (store) => {
      assert.equal((await store.connections.get('orders'))?.version, 1);
      assert.equal((await store.connections.revisions('orders')).length, 1);
    });
    assert.deepEqual(readRaw(file, 'SELECT * FROM schema_migrations ORDER BY version'), appliedBefore);
  });

  it('refuses a database written by a newer schema', async () => {
    const file = await freshFile();
    await withStore(file, async () => {});
    const db = new DatabaseSync(file);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2999-01-01')").run();
    db.close();
    await assert.rejects(openSqliteStore({ file }), (error: unknown) => {
      assert.ok(isZiggyError(error));
      assert.equal(error.id, 'internal');
      assert.ok(
        error.message.includes(`has schema version 999, but this version of Ziggy knows versions up to ${migrations.length}`),
        error.message,
      );
      return true;
    });
  });

  it('creates the file, its -wal and -shm with mode 0600 in a new 0700 directory', async () => {
    const file = path.join(path.dirname(await freshFile()), 'new-dir', 'ziggy.db');
    await withStore(file, async (store) => {
      await store.secrets.put(
        { name: 'TOKEN', description: '', tags: [], dev: 'v1:a:b:c', prod: null, by: 'cli:alice' },
        { action: 'secret.set', entityType: 'secret', entityName: 'TOKEN', actor: 'cli:alice', details: {} },
      );
      for (const candidate of [file, `${file}-wal`, `${file}-shm`]) {
        assert.equal((await stat(candidate)).mode & 0o777, 0o600, candidate);
      }
    });
    assert.equal((await stat(path.dirname(file))).mode & 0o777, 0o700);
  });

  it('tightens the mode of an existing database file', async () => {
    const file = await freshFile();
    await writeFile(file, '');
    await chmod(file, 0o644);
    await withStore(file, async () => {
      assert.equal((await stat(file)).mode & 0o777, 0o600);
    });
  });

  it('lets two stores on one file (CLI and server) see each other and refuse a conflicting update', async () => {
    const file = await freshFile();
    const server = await openSqliteStore({ file });
    const cli = await openSqliteStore({ file });
    try {
      await server.connections.create({ name: 'orders', fields, by: 'api:bob' }, audit('orders', 'api:bob'));
      assert.equal((await cli.connections.get('orders'))?.version, 1);
      const outcomes = await Promise.allSettled([
        updateFromVersion1(server, 'api:bob'),
        updateFromVersion1(cli, 'cli:alice'),
      ]);
      assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
      const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
      assert.ok(isZiggyError(rejected?.reason) && rejected.reason.id === 'version_conflict');
      assert.deepEqual(await cli.connections.get('orders'), await server.connections.get('orders'));
      assert.equal((await server.connections.revisions('orders')).length, 2);
    } finally {
      await Promise.all([server.close(), cli.close()]);
    }
  });

  it('reports a clear error when another process holds the write lock past the busy timeout', async () => {
    const file = await freshFile();
    const store = await openSqliteStore({ file, busyTimeoutMs: 100 });
    const other = new DatabaseSync(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      await assert.rejects(store.audit.append(audit('orders', 'cli:alice')), (error: unknown) => {
        assert.ok(isZiggyError(error));
        assert.equal(
          error.message,
          `Database ${file} is busy: another process kept it locked for writing longer than the busy timeout. Try again.`,
        );
        return true;
      });
      other.exec('COMMIT');
      assert.equal((await store.audit.append(audit('orders', 'cli:alice'))).entityName, 'orders');
    } finally {
      other.close();
      await store.close();
    }
  });

  it('loses no update when several processes write the same connection', async () => {
    const file = await freshFile();
    await withStore(file, async (store) => {
      await store.connections.create({ name: 'counter', fields, by: 'api:setup' }, audit('counter', 'api:setup'));
    });
    // Each process increments the counter in the description, retrying on version_conflict;
    // the busy timeout and BEGIN IMMEDIATE serialize their writes.
    const writer = `
      const { openSqliteStore } = await import(${JSON.stringify(new URL('./index.ts', import.meta.url).href)});
      const [file, id, times, startAt] = process.argv.slice(1);
      const store = await openSqliteStore({ file });
      // Start together so the writes really overlap, not one process after another.
      await new Promise((resolve) => setTimeout(resolve, Number(startAt) - Date.now()));
      for (let done = 0; done < Number(times); ) {
        const current = await store.connections.get('counter');
        const { type, tags, devSource, prodSource } = current;
        const fields = { type, tags, devSource, prodSource, description: String(Number(current.description) + 1) };
        const by = 'cli:' + id;
        const audit = {
          action: 'connection.update', entityType: 'connection', entityName: 'counter', actor: by, details: {},
        };
        try {
          const update = { name: 'counter', expectedVersion: current.version, fields, by, action: 'update' };
          await store.connections.update(update, audit);
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
    const startAt = Date.now() + 1000;
    await Promise.all(
      Array.from({ length: processes }, (_, id) => {
        const writerArguments = [file, `${id}`, `${times}`, `${startAt}`];
        return run(process.execPath, ['--no-warnings', '--input-type=module', '-e', writer, ...writerArguments]);
      }),
    );
    await withStore(file, async (store) => {
      const counter = await store.connections.get('counter');
      assert.equal(counter?.description, String(processes * times));
      assert.equal(counter?.version, processes * times + 1);
      assert.equal((await store.audit.list({ entityName: 'counter', limit: 1000 })).length, processes * times + 1);
    });
  });
});
