import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectors } from '../connectors/index.ts';
import { ZiggyError } from '../core/index.ts';
import { openTempServices, postgresSource, type TempServices } from '../../test/support/temp-services.ts';
import { rejectsWith } from '../../test/support/rejects-with.ts';

const actor = 'test:alice';

describe('connection service', () => {
  let temp: TempServices;
  before(async () => {
    temp = await openTempServices();
    await temp.services.secrets.set({ name: 'PG_PASSWORD', value: 'unused-with-trust-auth', mode: 'dev' }, actor);
  });
  after(() => temp.dispose());

  it('creates the seed Postgres object with its password as a secret; prod falls back to dev', async () => {
    const { connection, warnings } = await temp.services.connections.create(
      { name: 'northwind', type: 'postgres', description: 'Orders', tags: ['crm', 'crm', ' '], devSource: postgresSource() },
      actor,
    );
    assert.deepEqual(warnings, []);
    assert.equal(connection.version, 1);
    assert.equal(connection.prodUsesDev, true);
    assert.equal(connection.prodSource, null);
    assert.deepEqual(connection.tags, ['crm']);
    assert.deepEqual(connection.secretRefs, { dev: ['PG_PASSWORD'], prod: ['PG_PASSWORD'] });
    assert.equal(connection.devSource, postgresSource(), 'source kept verbatim');
  });

  it('keeps comments and layout of a source exactly', async () => {
    const source = `{\n  // the reporting replica\n  host: '127.0.0.1', /* trust auth */ user: 'postgres',\n  password: secrets.PG_PASSWORD,\n  database: 'test',\n}\n`;
    await temp.services.connections.create({ name: 'replica', type: 'postgres', devSource: source }, actor);
    assert.equal((await temp.services.connections.get('replica')).devSource, source);
  });

  it('warns, without refusing, about a secret that does not exist yet and a literal password', async () => {
    const { warnings } = await temp.services.connections.create(
      {
        name: 'warned',
        type: 'postgres',
        devSource: postgresSource({ secret: 'NOT_YET' }),
        prodSource: `{ host: 'db', user: 'u', password: 'literal', database: 'd' }`,
      },
      actor,
    );
    assert.deepEqual(
      warnings.map((warning) => [warning.code, warning.mode]),
      [
        ['secret_missing', 'dev'],
        ['secret_literal', 'prod'],
      ],
    );
    assert.equal(warnings[1]?.field, 'password');
    assert.equal(warnings[1]?.line, 1);
  });

  it('refuses a syntax error with the mode, line and column, and saves nothing', async () => {
    const source = `{\n  host: '127.0.0.1' port: 5432,\n}`;
    await assert.rejects(
      temp.services.connections.create({ name: 'broken', type: 'postgres', devSource: source }, actor),
      (error: unknown) => {
        assert.ok(error instanceof ZiggyError);
        assert.equal(error.id, 'config_syntax');
        assert.match(error.message, /^Development config: /);
        assert.equal(error.details?.['line'], 2);
        assert.equal(error.details?.['mode'], 'dev');
        return true;
      },
    );
    await assert.rejects(temp.services.connections.get('broken'), rejectsWith('connection_not_found'));
  });

  it('refuses a schema violation naming the field and where it is', async () => {
    const source = `{\n  hots: '127.0.0.1',\n  user: 'postgres',\n}`;
    await assert.rejects(
      temp.services.connections.create({ name: 'typo', type: 'postgres', devSource: source }, actor),
      (error: unknown) => {
        assert.ok(error instanceof ZiggyError);
        assert.equal(error.id, 'config_invalid');
        const issues = error.details?.['issues'] as Array<{ path: string; line?: number }>;
        assert.ok(issues.some((issue) => issue.path === 'hots' && issue.line === 2), JSON.stringify(issues));
        return true;
      },
    );
  });

  it('refuses an unknown type, a bad name, a taken name and a name that collides as an identifier', async () => {
    const create = (name: string, type = 'postgres') =>
      temp.services.connections.create({ name, type, devSource: postgresSource() }, actor);
    await assert.rejects(create('x', 'oracle'), rejectsWith('type_unknown', new RegExp(`Known types: ${connectors.map((connector) => connector.id).join(', ')}\\.$`)));
    await assert.rejects(create('9lives'), rejectsWith('name_invalid'));
    await assert.rejects(create('has space'), rejectsWith('name_invalid'));
    await assert.rejects(create('northwind'), rejectsWith('name_taken'));
    await create('crm-prod');
    await assert.rejects(create('crm_prod'), rejectsWith('name_taken', /connections\.crm_prod/));
  });

  it('updates with optimistic concurrency: a stale version is refused and nothing is overwritten', async () => {
    const { connection } = await temp.services.connections.update('northwind', { description: 'Orders v2', version: 1 }, actor);
    assert.equal(connection.version, 2);
    await assert.rejects(
      temp.services.connections.update('northwind', { description: 'lost', version: 1 }, actor),
      rejectsWith('version_conflict', /current version is 2/),
    );
    assert.equal((await temp.services.connections.get('northwind')).description, 'Orders v2');
    assert.equal((await temp.services.connections.history('northwind')).length, 2);
  });

  it('writes a revision per save and restores one as a new revision', async () => {
    await temp.services.connections.update('northwind', { prodSource: postgresSource({ database: 'postgres' }) }, actor);
    const history = await temp.services.connections.history('northwind');
    assert.deepEqual(
      history.map((revision) => [revision.revision, revision.action, revision.changed]),
      [
        [3, 'update', ['prodSource']],
        [2, 'update', ['description']],
        [1, 'create', ['type', 'description', 'tags', 'devSource', 'prodSource']],
      ].sort((a, b) => Number(b[0]) - Number(a[0])),
    );
    const { connection } = await temp.services.connections.restore('northwind', 1, actor);
    assert.equal(connection.version, 4);
    assert.equal(connection.description, 'Orders');
    assert.equal(connection.prodSource, null);
    const restored = (await temp.services.connections.history('northwind'))[0];
    assert.equal(restored?.action, 'restore');
    assert.equal(restored?.restoredFrom, 1);
    await assert.rejects(temp.services.connections.restore('northwind', 99, actor), rejectsWith('revision_not_found'));
  });

  it('loses no update when many writers change one connection at once', async () => {
    await temp.services.connections.create({ name: 'counter', type: 'postgres', devSource: postgresSource(), tags: [] }, actor);
    const writers = 12;
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        for (;;) {
          const current = await temp.services.connections.get('counter');
          try {
            await temp.services.connections.update('counter', { tags: [...current.tags, `w${writer}`], version: current.version }, actor);
            return;
          } catch (error) {
            if (!(error instanceof ZiggyError && error.id === 'version_conflict')) throw error;
          }
        }
      }),
    );
    const final = await temp.services.connections.get('counter');
    assert.equal(final.tags.length, writers);
    assert.equal(final.version, writers + 1);
  });

  it('tests against the real PostgreSQL in dev and prod, saying when prod uses dev', async () => {
    const dev = await temp.services.connections.test('northwind', { mode: 'dev' }, actor);
    assert.equal(dev.ok, true, dev.message);
    assert.match(String(dev.details?.['serverVersion']), /^\d+/);
    const prod = await temp.services.connections.test('northwind', { mode: 'prod' }, actor);
    assert.equal(prod.ok, true, prod.message);
    assert.equal(prod.prodUsesDev, true);
  });

  it('maps a wrong port to the port field and its place in the source', async () => {
    const result = await temp.services.connections.testDraft(
      { type: 'postgres', source: postgresSource({ port: 1 }) },
      { mode: 'dev', timeoutMs: 5000 },
      actor,
    );
    assert.equal(result.ok, false);
    assert.equal(result.code, 'connection_refused');
    assert.equal(result.field, 'port');
    assert.deepEqual(result.fieldLocation, { line: 6, column: 11 });
  });

  it('reports config problems of a test as a failed result, never as a throw', async () => {
    const missing = await temp.services.connections.testDraft(
      { type: 'postgres', source: postgresSource({ secret: 'NOPE' }) },
      { mode: 'prod' },
      actor,
    );
    assert.equal(missing.ok, false);
    assert.equal(missing.code, 'secret_missing');
    assert.match(missing.message, /NOPE/);
    const syntax = await temp.services.connections.testDraft({ type: 'postgres', source: '{ host: }' }, { mode: 'dev' }, actor);
    assert.equal(syntax.code, 'config_syntax');
  });

  it('audits every change and test', async () => {
    const entries = await temp.services.audit.list({ entityName: 'northwind' });
    const actions = entries.map((entry) => entry.action);
    for (const action of ['connection.create', 'connection.update', 'connection.restore', 'connection.test']) {
      assert.ok(actions.includes(action), `${action} missing from ${actions.join(', ')}`);
    }
    assert.ok(entries.every((entry) => entry.actor === actor));
  });

  it('deletes a connection with its history', async () => {
    await temp.services.connections.delete('replica', actor);
    await assert.rejects(temp.services.connections.history('replica'), rejectsWith('connection_not_found'));
    await assert.rejects(temp.services.connections.delete('replica', actor), rejectsWith('connection_not_found'));
  });
});
