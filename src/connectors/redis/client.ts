import { createClient, type RedisClientOptions } from 'redis';
import type { RedisConfig } from './schema.ts';

/** The client node-redis makes for these options: every command as a method, `duplicate()` for a subscriber. */
export type RedisClient = ReturnType<typeof createClient>;

/** node-redis options for a validated config; `reconnect: false` for a test, which must fail at once, not retry. */
export function clientOptions(config: RedisConfig, reconnect: boolean): RedisClientOptions {
  const tls = config.tls === false ? undefined : config.tls === true ? {} : config.tls;
  const socket = {
    connectTimeout: config.connectTimeoutMs,
    // Reconnect with a growing delay up to 5 s, as a long-lived subscriber must; a test does not.
    reconnectStrategy: reconnect ? (retries: number) => Math.min(100 * 2 ** retries, 5000) : (false as const),
    ...(config.host === undefined ? {} : { host: config.host, port: config.port }),
    ...(tls === undefined ? {} : { tls: true as const, ...tls }),
  };
  return {
    ...(config.url === undefined ? {} : { url: config.url }),
    ...(config.username === undefined ? {} : { username: config.username }),
    ...(config.password === undefined ? {} : { password: config.password }),
    database: config.database,
    ...(config.clientName === undefined ? {} : { name: config.clientName }),
    socket,
  };
}

/**
 * A connected node-redis client. Its `error` events are taken here: without a listener an
 * `error` (a dropped socket while it reconnects) would end the process. The cache sees a client
 * that cannot reach its server through `isReady`.
 */
export async function createRedisClient(config: RedisConfig): Promise<RedisClient> {
  const client = createClient(clientOptions(config, true));
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    throw error;
  }
  return client;
}

export async function closeRedisClient(client: RedisClient): Promise<void> {
  if (client.isOpen) await client.close().catch(() => client.destroy());
}
