import { createClient } from 'redis';
import {
  classifyNetworkError,
  closingClient,
  runConnectionTest,
  unexpectedFailure,
  valuesAt,
  type TestContext,
  type TestFailure,
  type TestResult,
} from '../../core/index.ts';
import { clientOptions } from './client.ts';
import { endpointOf, redisSchema, type RedisConfig } from './schema.ts';

const concealed = ['password', 'url', 'tls.key'];

/** `redis_version:7.0.15` and friends from INFO's text. */
function infoField(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

/** Connects once without retrying, PINGs, and reads INFO server for the version and mode. */
export function testRedis(config: RedisConfig, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step, signal) => {
      const valid = redisSchema.parse(config);
      const client = createClient(clientOptions(valid, false));
      // Failures come back from connect(); the event would otherwise be unhandled and end the process.
      client.on('error', () => undefined);
      return closingClient(signal, async () => client.destroy(), async () => {
        await step('connect', () => client.connect());
        await step('ping', () => client.ping());
        const info = await step('info server', () => client.info('server'));
        const version = infoField(info, 'redis_version') ?? 'unknown';
        const mode = infoField(info, 'redis_mode') ?? 'standalone';
        const { host, port } = endpointOf(valid);
        return {
          message: `Connected to Redis ${version} (${mode}) at ${host}:${port}, database ${valid.database}.`,
          details: { serverVersion: version, mode, database: valid.database },
        };
      });
    },
    (error) => classifyRedisError(error, config),
    { conceal: valuesAt(config, concealed), timeoutField: valuesAt(config, ['url']).length > 0 ? 'url' : 'host' },
  );
}

export function classifyRedisError(error: unknown, config: unknown): TestFailure {
  const message = error instanceof Error ? error.message : String(error);
  const hasPassword = valuesAt(config, ['password']).length > 0 || /:[^@/]+@/.test(valuesAt(config, ['url'])[0] ?? '');
  if (message.startsWith('WRONGPASS')) {
    return {
      code: 'auth_failed',
      message: 'Redis refused the user name and password.',
      field: 'password',
      hint: valuesAt(config, ['username']).length > 0 ? 'Check the ACL user (username) and its password.' : 'The password does not match requirepass (or the default user’s ACL password).',
    };
  }
  if (message.startsWith('NOAUTH')) {
    return {
      code: 'auth_failed',
      message: 'Redis needs a password: the server has requirepass or an ACL that requires one.',
      field: 'password',
      hint: hasPassword ? 'The password given was not accepted.' : 'Add password (a secret reference).',
    };
  }
  if (/^ERR (DB index is out of range|invalid DB index)/.test(message)) {
    return { code: 'config_invalid', message: `Redis has no database ${valuesAt(config, ['database'])[0] ?? ''}: ${message}`, field: 'database' };
  }
  if (message.startsWith('NOPERM')) {
    return { code: 'access_denied', message: `The ACL user may not run the test's commands (PING, INFO): ${message}`, field: 'username' };
  }
  const fields = valuesAt(config, ['url']).length > 0 ? { host: 'url', port: 'url', tls: 'tls' } : { host: 'host', port: 'port', tls: 'tls' };
  return classifyNetworkError(error, fields, endpointTarget(config)) ?? unexpectedFailure(error);
}

function endpointTarget(config: unknown): { host?: string; port?: number } {
  const parsed = redisSchema.safeParse(config);
  return parsed.success ? endpointOf(parsed.data) : {};
}
