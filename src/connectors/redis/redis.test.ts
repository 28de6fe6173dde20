import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestRedis, type TestRedis } from '../../../test/redis-server.ts';
import { runConnectorContract } from '../contract.ts';
import type { RedisClient } from './client.ts';
import redis from './index.ts';
import { redisSchema } from './schema.ts';

// The real node-redis against the machine's Redis (127.0.0.1:6379, no password) and a second redis-server with requirepass and an ACL user.
runConnectorContract(redis, {
  seedSource: `{ host: '127.0.0.1', port: 6379, password: secrets.REDIS_PASSWORD }`,
  seedExpected: { host: '127.0.0.1', port: 6379, password: 'dummy-REDIS_PASSWORD', database: 0 },
  live: async () => ({ host: '127.0.0.1', port: 6379 }),
  refusedPort: (port) => ({ host: '127.0.0.1', port }),
  unknownHost: { host: 'nonexistent.invalid', port: 6379 },
});

let secured: TestRedis;
before(async () => {
  secured = await startTestRedis();
});
after(async () => secured.stop());

function check(config: Record<string, unknown>) {
  return redis.testConnection(redisSchema.parse(config), { signal: new AbortController().signal, timeoutMs: 10_000 });
}

describe('Redis connection test', () => {
  test('the machine’s Redis tests ok and reports its version', async () => {
    const result = await check({ host: '127.0.0.1', port: 6379 });
    assert.equal(result.ok, true, result.message);
    assert.match(String(result.details?.serverVersion), /^\d+\.\d+/);
    assert.deepEqual(result.steps.map((step) => step.name), ['connect', 'ping', 'info server']);
  });

  test('a url works as well as host and port, and its database is selected', async () => {
    const result = await check({ url: `redis://127.0.0.1:${secured.port}/3`, password: secured.password, database: 3 });
    assert.equal(result.ok, true, result.message);
    assert.equal(result.details?.database, 3);
  });

  test('a wrong password (WRONGPASS) and a missing one (NOAUTH) are blamed on password, without showing it', async () => {
    const wrong = await check({ host: '127.0.0.1', port: secured.port, password: 'not-the-password' });
    assert.equal(wrong.code, 'auth_failed');
    assert.equal(wrong.field, 'password');
    assert.ok(!JSON.stringify(wrong).includes('not-the-password'));
    const missing = await check({ host: '127.0.0.1', port: secured.port });
    assert.equal(missing.code, 'auth_failed');
    assert.equal(missing.field, 'password');
    assert.match(missing.hint ?? '', /Add password/);
    const right = await check({ host: '127.0.0.1', port: secured.port, password: secured.password });
    assert.equal(right.ok, true, right.message);
  });

  test('an ACL user that may not PING gets access_denied on username; a database that does not exist is blamed on database', async () => {
    const limited = await check({ host: '127.0.0.1', port: secured.port, ...secured.limitedUser });
    assert.equal(limited.code, 'access_denied', limited.message);
    assert.equal(limited.field, 'username');
    const noSuchDb = await check({ host: '127.0.0.1', port: 6379, database: 999 });
    assert.equal(noSuchDb.field, 'database', noSuchDb.message);
  });
});

describe('Redis operations on the machine’s Redis', () => {
  let client: RedisClient;
  const context = { signal: new AbortController().signal, log: () => undefined };
  const stream = `ziggy-test:${process.pid}:${randomBytes(3).toString('hex')}`;
  before(async () => {
    client = await redis.createClient(redisSchema.parse({ host: '127.0.0.1', port: 6379 }));
  });
  after(async () => {
    await client.del(stream);
    await redis.closeClient(client);
  });

  const run = (name: string, params: unknown) => {
    const operation = redis.operations[name];
    assert.ok(operation !== undefined, name);
    return operation.run(client, operation.input.parse(params), context);
  };

  test('a stream round trip: 2,500 entries added in pipelined groups, read by a consumer group and every one acknowledged', async () => {
    const entries = Array.from({ length: 2500 }, (_, index) => ({ order: index, paid: index % 2 === 0, note: `n${index}` }));
    const added = (await run('streamAdd', { stream, entries })) as { added: number; ids: string[] };
    assert.equal(added.added, 2500);
    assert.equal(new Set(added.ids).size, 2500);
    const seen: string[] = [];
    for (;;) {
      const read = (await run('streamRead', { stream, group: 'loaders', count: 1000 })) as { entries: Array<{ id: string; fields: Record<string, string> }>; acked: number };
      if (read.entries.length === 0) break;
      assert.equal(read.acked, read.entries.length);
      seen.push(...read.entries.map((entry) => entry.id));
      if (seen.length === 1) assert.deepEqual(read.entries[0]?.fields, { order: '0', paid: 'true', note: 'n0' });
    }
    assert.deepEqual(seen, added.ids);
    const pending = await client.xPending(stream, 'loaders');
    assert.equal(pending.pending, 0, 'every entry read was acknowledged');
  });

  test('without ack, entries stay pending and are read again with pending: true', async () => {
    await run('streamAdd', { stream, entries: [{ a: 1 }, { a: 2 }] });
    const first = (await run('streamRead', { stream, group: 'loaders', consumer: 'slow', ack: false })) as { entries: unknown[]; acked: number };
    assert.equal(first.entries.length, 2);
    assert.equal(first.acked, 0);
    const again = (await run('streamRead', { stream, group: 'loaders', consumer: 'slow', pending: true })) as { entries: unknown[]; acked: number };
    assert.equal(again.entries.length, 2);
    assert.equal(again.acked, 2);
  });

  test('trim by length removes the oldest entries', async () => {
    const trimmed = (await run('streamTrim', { stream, maxLength: 10, exact: true })) as { removed: number };
    assert.equal(trimmed.removed, 2502 - 10);
    assert.equal(await client.xLen(stream), 10);
    assert.throws(() => redis.operations.streamTrim?.input.parse({ stream }), /exactly one of maxLength and minId/);
  });

  test('publish reaches a subscriber on another connection, text as is and objects as JSON', async () => {
    const channel = `${stream}:events`;
    const subscriber = client.duplicate();
    subscriber.on('error', () => undefined);
    await subscriber.connect();
    const received: string[] = [];
    await subscriber.subscribe(channel, (message) => void received.push(message));
    try {
      const published = (await run('publish', { channel, messages: ['hello', { id: 7 }] })) as { receivers: number[] };
      assert.deepEqual(published.receivers, [1, 1]);
      for (let attempt = 0; attempt < 50 && received.length < 2; attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(received, ['hello', '{"id":7}']);
    } finally {
      await subscriber.close();
    }
  });

  test('a closed client is no longer alive, so the cache replaces it', async () => {
    const other = await redis.createClient(redisSchema.parse({ host: '127.0.0.1', port: 6379 }));
    assert.equal(redis.isClientAlive?.(other), true);
    await redis.closeClient(other);
    assert.equal(redis.isClientAlive?.(other), false);
  });
});
