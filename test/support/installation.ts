/**
 * A small but complete installation, written through the services and the store as Ziggy
 * writes it, for the tests of `ziggy store copy`; and everything a store holds, read back
 * through the store API, to compare two stores.
 */
import { randomBytes } from 'node:crypto';
import type { OpenedServices } from '../../src/service/index.ts';
import type { StoredRun, Store } from '../../src/store/types.ts';
import { postgresSource } from './temp-services.ts';

export interface Installation {
  secretName: string;
  devValue: string;
  prodValue: string;
  username: string;
  password: string;
  token: string;
  /** The session cookie of a login, as the browser holds it. */
  sessionId: string;
  connection: string;
  runs: number;
}

const actor = 'cli:tester';

function run(index: number, startedAt: string): StoredRun {
  const base: StoredRun = {
    id: randomBytes(12).toString('base64url'),
    target: { kind: 'block', name: 'load', version: 1, codeHash: 'sha256:abc' },
    mode: index % 2 === 0 ? 'dev' : 'prod',
    startedBy: 'user:alice',
    startedAt,
    durationMs: index,
    status: index % 3 === 0 ? 'error' : 'ok',
    outputs: [{ edge: 0, items: [{ row: index }, 'two', null] }],
    console: [{ level: 'log', text: `line ${index}`, at: startedAt }],
    truncated: index % 5 === 0,
  };
  // A JSON null result and no result at all are both kept apart; an error and stats now and then.
  if (index % 4 === 1) base.result = null;
  if (index % 4 === 2) base.result = { total: index, tags: ['a', 'b'] };
  if (index % 3 === 0) base.error = { message: `failed ${index}` };
  if (index % 7 === 0) base.stats = { rows: index };
  return base;
}

/** `runs` run records, several of them in one millisecond so their insertion order matters. */
export async function fillInstallation(services: OpenedServices, runs = 12): Promise<Installation> {
  const suffix = randomBytes(4).toString('hex');
  const installation: Installation = {
    secretName: 'PG_PASSWORD',
    devValue: `canary-dev-${suffix}`,
    prodValue: `canary-prod-${suffix}`,
    username: 'alice',
    password: `alice password ${suffix}`,
    token: '',
    sessionId: '',
    connection: 'warehouse',
    runs,
  };
  await services.secrets.set({ name: installation.secretName, value: installation.devValue, mode: 'dev', tags: ['db'] }, actor);
  await services.secrets.set({ name: installation.secretName, value: installation.prodValue, mode: 'prod' }, actor);
  await services.connections.create(
    { name: installation.connection, type: 'postgres', tags: ['erp', 'eu'], devSource: postgresSource() },
    actor,
  );
  await services.connections.update(installation.connection, { description: 'the warehouse', version: 1 }, actor);
  await services.connections.update(installation.connection, { prodSource: postgresSource({ database: 'prod' }), version: 2 }, actor);
  await services.connections.restore(installation.connection, 1, actor);
  await services.connections.create({ name: 'scratch', type: 'postgres', devSource: postgresSource() }, actor);
  await services.store.testStatus.put({
    connection: installation.connection, mode: 'dev', ok: false, code: 'auth_failed', message: 'password refused',
    at: new Date().toISOString(), durationMs: 12,
  });
  await services.users.create({ username: installation.username, password: installation.password, role: 'editor' }, actor);
  await services.users.create({ username: 'victor', password: `victor password ${suffix}`, role: 'viewer' }, actor);
  const alice = { username: installation.username, roles: { dev: 'editor', prod: 'editor' }, via: 'session', actor: 'user:alice' } as const;
  installation.token = (await services.tokens.create(alice, { name: 'ci' })).token;
  const revoked = await services.tokens.create(alice, { name: 'old' });
  await services.tokens.revoke(alice, revoked.view.id);
  installation.sessionId = (await services.auth.login(installation.username, installation.password, '127.0.0.1')).sessionId;
  await services.settings.update({ defaultMode: 'prod' }, actor);
  await services.blocks.save({ name: 'load', description: 'loads the orders', code: 'async function () { return 1; }' }, actor);
  await services.blocks.save({ name: 'load', code: 'async function () { return 2; }', version: 1 }, actor);
  const sameMillisecond = new Date().toISOString();
  for (let index = 0; index < runs; index += 1) await services.store.runs.insert(run(index, index < 4 ? sameMillisecond : new Date().toISOString()));
  return installation;
}

/** Everything the store holds, as its API returns it, in its own order. */
export async function storeContents(store: Store): Promise<Record<string, unknown>> {
  const connections = await store.connections.list();
  const tokens = await store.tokens.list();
  return {
    connections,
    revisions: await Promise.all(connections.map((connection) => store.connections.revisions(connection.name))),
    testStatus: await store.testStatus.list(),
    secrets: await store.secrets.list(),
    users: await store.users.list(),
    tokens,
    settings: await store.settings.list(),
    blocks: await store.blocks.list(),
    runs: await store.runs.list({ limit: 1000 }),
    audit: await store.audit.list({ limit: 1000 }),
  };
}
