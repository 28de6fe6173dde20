import { defineConnector } from '../../core/index.ts';
import { closeRedisClient, createRedisClient, type RedisClient } from './client.ts';
import { publish } from './operations/publish.ts';
import { streamAdd } from './operations/stream-add.ts';
import { streamRead } from './operations/stream-read.ts';
import { streamTrim } from './operations/stream-trim.ts';
import { redisSchema } from './schema.ts';
import { testRedis } from './test-connection.ts';

const example = `{
    host: 'redis.internal',
    port: 6379,
    password: secrets.REDIS_PASSWORD,
}`;

export default defineConnector<typeof redisSchema, RedisClient>({
  id: 'redis',
  label: 'Redis',
  module: 'redis',
  description: 'Redis (streams, Pub/Sub, everything else); hands out a connected node-redis client that reconnects by itself.',
  lifecycle: 'socket',
  schema: redisSchema,
  example,
  secretFields: ['password', 'tls.key'],
  createClient: createRedisClient,
  closeClient: closeRedisClient,
  isClientAlive: (client) => client.isOpen,
  testConnection: testRedis,
  operations: { streamAdd, streamRead, streamTrim, publish },
});
