import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type pg from 'pg';
import { openHub, type Hub } from '../src/index.ts';
import { startFakeHubSpot, type FakeHubSpot } from './fakes/hubspot.ts';
import { postgresSource } from './support/temp-services.ts';

// docs/connectors/hubspot.md's sync example, read from the page as written there: the JavaScript
// Block against the HubSpot fake, its rows upserted by the SQL Block into the real PostgreSQL.
const actor = 'test:hubspot-to-postgres';
const token = 'pat-eu1-sync-example';
let fake: FakeHubSpot;
let dataDir: string;
let hub: Hub;
let example: { block: string; upsert: { table: string; conflictColumns: string[] } };

/** The fenced code right after a marker comment in the page. */
function fencedAfter(page: string, marker: string): string {
  const found = new RegExp(`<!-- ${marker} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\\n\`\`\``).exec(page);
  if (found?.[1] === undefined) throw new Error(`docs/connectors/hubspot.md has no ${marker} block`);
  return found[1];
}

before(async () => {
  const page = await readFile(new URL('../docs/connectors/hubspot.md', import.meta.url), 'utf8');
  const upsert = JSON.parse(fencedAfter(page, 'hubspot-to-postgres:upsert')) as { table: string; conflictColumns: string[] };
  example = { block: fencedAfter(page, 'hubspot-to-postgres:block'), upsert };

  fake = await startFakeHubSpot();
  fake.addToken(token, { portalId: 7, scopes: ['crm.objects.contacts.read'] });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-hubspot-to-pg-'));
  hub = await openHub({ dataDir, env: {}, mode: 'dev' });
  const { secrets, connections } = hub.services;
  await secrets.set({ name: 'HUBSPOT_API_KEY', value: token, mode: 'dev' }, actor);
  await secrets.set({ name: 'PG_PASSWORD', value: 'unused-with-trust-auth', mode: 'dev' }, actor);
  const crm = `{ accessToken: secrets.HUBSPOT_API_KEY, numberOfApiCallRetries: 5, basePath: '${fake.url}' }`;
  await connections.create({ name: 'crm', type: 'hubspot', devSource: crm }, actor);
  await connections.create({ name: 'warehouse', type: 'postgres', devSource: postgresSource() }, actor);
  await hub.connections.use<pg.Pool>('warehouse', async (pool) => {
    await pool.query(`drop table if exists ${upsert.table}`);
    await pool.query(`create table ${upsert.table} (id bigint primary key, email text, firstname text, lastname text, updated_at timestamptz)`);
  });
});
after(async () => {
  await hub.connections.use<pg.Pool>('warehouse', (pool) => pool.query(`drop table if exists ${example.upsert.table}`));
  await hub.close();
  await fake.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function sync(since: string): Promise<unknown> {
  const run = await hub.services.runs.runCode({ code: example.block, inputs: [since], mode: 'dev' }, actor);
  assert.equal(run.status, 'ok', JSON.stringify(run.error));
  assert.ok(Array.isArray(run.result));
  return hub.operations.run('warehouse', 'upsert', { ...example.upsert, rows: run.result });
}

it('copies the contacts changed since a date into Postgres, and a later sync updates them in place', async () => {
  for (let n = 0; n < 40; n += 1) fake.addRecord('contacts', { email: `old${n}@example.com`, firstname: 'Old' }, '2026-10-01T09:00:00.000Z');
  for (let n = 0; n < 230; n += 1) fake.addRecord('contacts', { email: `new${n}@example.com`, firstname: `New${n}`, lastname: 'Person' }, '2026-12-02T09:00:00.000Z');

  assert.deepEqual(await sync('2026-12-01T00:00:00Z'), { upserted: 230 });
  const first = await hub.connections.use<pg.Pool, pg.QueryResult>('warehouse', (pool) =>
    pool.query(`select count(*)::int as n, min(updated_at) as earliest from ${example.upsert.table}`),
  );
  assert.equal(first.rows[0].n, 230);
  assert.equal(new Date(first.rows[0].earliest).toISOString(), '2026-12-02T09:00:00.000Z');
  assert.equal(fake.requests.filter((request) => request === 'POST /crm/v3/objects/contacts/search').length, 3);

  const renamed = [...(fake.objects.get('contacts')?.values() ?? [])].find((record) => record.properties.email === 'new7@example.com');
  assert.ok(renamed !== undefined);
  Object.assign(renamed.properties, { firstname: 'Renamed', lastmodifieddate: '2026-12-05T12:00:00.000Z' });
  renamed.updatedAt = '2026-12-05T12:00:00.000Z';
  assert.deepEqual(await sync('2026-12-05T00:00:00Z'), { upserted: 1 });
  const after = await hub.connections.use<pg.Pool, pg.QueryResult>('warehouse', (pool) =>
    pool.query(`select count(*)::int as n, (select firstname from ${example.upsert.table} where id = $1) as firstname from ${example.upsert.table}`, [Number(renamed.id)]),
  );
  assert.deepEqual(after.rows[0], { n: 230, firstname: 'Renamed' });
});

it('the Read block on the same connection finds the same contacts, as the REST API and the CLI run it', async () => {
  const found = (await hub.operations.run('crm', 'read', {
    objectType: 'contacts',
    filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: '2026-12-01T00:00:00Z' }],
    properties: ['email'],
  })) as { records: unknown[]; total: number };
  assert.equal(found.total, 230);
  assert.equal(found.records.length, 230);
});
