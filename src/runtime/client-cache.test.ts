import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineConnector, type Mode } from '../core/index.ts';
import { ClientCache } from './client-cache.ts';

/** A connector whose clients are plain objects that record their own life, to watch the cache's decisions. */
function recordingConnector() {
  const created: Array<{ id: number; config: unknown; closed: boolean; dead: boolean }> = [];
  const connector = defineConnector({
    id: 'recording',
    label: 'Recording',
    module: 'none',
    description: 'test connector',
    lifecycle: 'session',
    schema: z.object({ host: z.string() }),
    example: "{ host: 'x' }",
    secretFields: [],
    async createClient(config) {
      await sleep(20);
      const client = { id: created.length + 1, config, closed: false, dead: false };
      created.push(client);
      return client;
    },
    async closeClient(client) {
      client.closed = true;
    },
    isClientAlive: (client) => !client.dead,
    async testConnection() {
      return { ok: true, code: 'ok', message: 'ok', durationMs: 0, steps: [] };
    },
    operations: {},
  });
  return { connector, created };
}

function cacheWith(configs: Map<string, unknown>, options: { idleMs?: number; revalidateMs?: number } = {}) {
  const { connector, created } = recordingConnector();
  let resolutions = 0;
  const cache = new ClientCache({
    resolve: async (name: string, mode: Mode) => {
      resolutions++;
      return { connector, config: configs.get(`${name}:${mode}`) };
    },
    revalidateMs: 0,
    ...options,
  });
  return { cache, created, resolutions: () => resolutions };
}

describe('ClientCache', () => {
  it('creates one client for concurrent first uses', async () => {
    const { cache, created } = cacheWith(new Map([['db:dev', { host: 'a' }]]));
    const clients = await Promise.all(Array.from({ length: 10 }, () => cache.get('db', 'dev')));
    assert.equal(created.length, 1);
    assert.ok(clients.every((client) => client === clients[0]));
    await cache.close();
  });

  it('keeps modes apart', async () => {
    const { cache, created } = cacheWith(new Map([['db:dev', { host: 'a' }], ['db:prod', { host: 'b' }]]));
    const dev = await cache.get('db', 'dev');
    const prod = await cache.get('db', 'prod');
    assert.notEqual(dev, prod);
    assert.equal(created.length, 2);
    await cache.close();
  });

  it('reuses the client while the resolved config is unchanged, whatever its key order', async () => {
    const configs = new Map<string, unknown>([['db:dev', { host: 'a', port: 1 }]]);
    const { cache, created } = cacheWith(configs);
    const first = await cache.get('db', 'dev');
    configs.set('db:dev', { port: 1, host: 'a' });
    assert.equal(await cache.get('db', 'dev'), first);
    assert.equal(created.length, 1);
    await cache.close();
  });

  it('replaces the client when the config changes and closes the old one', async () => {
    const configs = new Map<string, unknown>([['db:dev', { host: 'a' }]]);
    const { cache, created } = cacheWith(configs);
    await cache.get('db', 'dev');
    configs.set('db:dev', { host: 'b' });
    await cache.get('db', 'dev');
    assert.equal(created.length, 2);
    await sleep(1);
    assert.equal(created[0]?.closed, true);
    assert.equal(created[1]?.closed, false);
    await cache.close();
  });

  it('does not close a replaced client while a use of it is in flight', async () => {
    const configs = new Map<string, unknown>([['db:dev', { host: 'a' }]]);
    const { cache, created } = cacheWith(configs);
    let release: () => void = () => {};
    const inFlight = cache.use('db', 'dev', () => new Promise<void>((resolve) => (release = resolve)));
    await sleep(30);
    configs.set('db:dev', { host: 'b' });
    await cache.get('db', 'dev');
    assert.equal(created[0]?.closed, false, 'closed under running work');
    release();
    await inFlight;
    assert.equal(created[0]?.closed, true);
    await cache.close();
  });

  it('replaces a client whose session died', async () => {
    const { cache, created } = cacheWith(new Map([['db:dev', { host: 'a' }]]), { revalidateMs: 60_000 });
    await cache.get('db', 'dev');
    created[0]!.dead = true;
    await cache.get('db', 'dev');
    assert.equal(created.length, 2);
    await cache.close();
  });

  it('trusts a resolution for revalidateMs, then checks again', async () => {
    const { cache, resolutions } = cacheWith(new Map([['db:dev', { host: 'a' }]]), { revalidateMs: 60_000 });
    await cache.get('db', 'dev');
    await cache.get('db', 'dev');
    assert.equal(resolutions(), 1);
    cache.invalidate('db');
    await cache.get('db', 'dev');
    assert.equal(resolutions(), 2);
    await cache.close();
  });

  it('closes idle clients', async () => {
    const { cache, created } = cacheWith(new Map([['db:dev', { host: 'a' }]]), { idleMs: 60 });
    await cache.get('db', 'dev');
    await sleep(250);
    assert.equal(created[0]?.closed, true);
    assert.equal(cache.size, 0);
    await cache.close();
  });

  it('closes everything on close and refuses use afterwards', async () => {
    const { cache, created } = cacheWith(new Map([['a:dev', { host: 'a' }], ['b:dev', { host: 'b' }]]));
    await cache.get('a', 'dev');
    await cache.get('b', 'dev');
    await cache.close();
    assert.ok(created.every((client) => client.closed));
    await assert.rejects(cache.get('a', 'dev'), /closed/);
  });

  it('passes resolution errors to the caller and caches nothing', async () => {
    const failing = new ClientCache({
      resolve: async () => {
        throw new Error('no such connection');
      },
    });
    await assert.rejects(failing.get('db', 'dev'), /no such connection/);
    assert.equal(failing.size, 0);
    await failing.close();
  });
});
