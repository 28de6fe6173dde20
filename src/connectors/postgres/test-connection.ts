import pg from 'pg';
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
import { postgresSchema, type PostgresConfig } from './schema.ts';

const concealed = ['password', 'ssl.key', 'connectionString'];

/** Connects one client (not a pool), asks the server who and where it is, and always closes it. */
export function testPostgres(config: PostgresConfig, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step, signal) => {
      const valid = postgresSchema.parse(config);
      const timeoutMs = Math.min(valid.connectionTimeoutMillis || context.timeoutMs, context.timeoutMs);
      const client = new pg.Client({ ...valid, connectionTimeoutMillis: timeoutMs, query_timeout: context.timeoutMs });
      // A server that goes away mid-test emits 'error' on the client; the pending step reports it.
      client.on('error', () => undefined);
      return closingClient(signal, () => client.end(), async () => {
        await step('connect', () => client.connect());
        const facts = await step('query', async () => {
          const result = await client.query<{ server_version: string; database: string; user: string }>(
            "SELECT current_setting('server_version') AS server_version, current_database() AS database, current_user AS user",
          );
          const row = result.rows[0];
          if (row === undefined) throw new Error('The server returned no row for SELECT current_database().');
          return row;
        });
        return {
          message: `Connected to PostgreSQL ${facts.server_version}, database "${facts.database}" as "${facts.user}".`,
          details: { serverVersion: facts.server_version, database: facts.database, user: facts.user },
        };
      });
    },
    (error) => classifyPostgresError(error, config),
    { conceal: valuesAt(config, concealed) },
  );
}

/** Maps pg's errors (SQLSTATE codes, its own connection messages) and network errors to the field to fix. */
export function classifyPostgresError(error: unknown, config: Partial<PostgresConfig>): TestFailure {
  const field = fieldNamer(config);
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  const message = error instanceof Error ? error.message : '';
  switch (code) {
    case '28P01':
      return {
        code: 'auth_failed',
        message: 'The server refused the password for this user.',
        field: field('password'),
        hint: 'Check the password, and that the user is the one the password belongs to.',
      };
    case '28000':
      return {
        code: 'auth_failed',
        message: 'The server does not let this user log in (the role does not exist, or no pg_hba.conf rule allows it from here).',
        field: field('user'),
        hint: 'Check the user name; the server administrator can check pg_hba.conf.',
      };
    case '3D000':
      return {
        code: 'database_not_found',
        message: 'The database does not exist on this server.',
        field: field('database'),
        hint: 'Check the database name; psql -l lists the databases of a server.',
      };
    case '42501':
      return {
        code: 'permission_denied',
        message: 'The user may not connect to this database.',
        field: field('user'),
        hint: 'The database owner can GRANT CONNECT on the database to this user.',
      };
    case '53300':
      return {
        code: 'too_many_connections',
        message: 'The server has no free connection slots.',
        hint: 'Lower max on the connections using this server, or raise max_connections on the server.',
      };
    case '57P03':
      return { code: 'server_starting', message: 'The server is starting up or shutting down.', hint: 'Try again in a moment.' };
  }
  if (/connection timeout|timeout expired/i.test(message)) {
    return {
      code: 'timeout',
      message: 'The server did not complete the connection in time.',
      field: field('host'),
      hint: 'Check the host and port, and that no firewall silently drops the traffic.',
    };
  }
  const target = { host: config.host, port: config.port };
  const network = classifyNetworkError(error, { host: field('host'), port: field('port'), tls: 'ssl' }, target);
  if (network !== undefined) return network;
  if (/Connection terminated unexpectedly/.test(message)) {
    return {
      code: 'not_postgres',
      message: 'The server closed the connection during the PostgreSQL handshake.',
      field: field('port'),
      hint: 'Check that a PostgreSQL server, not another service, listens on that port.',
    };
  }
  return unexpectedFailure(error);
}

/** A wrong host, user… is in connectionString when the URL carries that part, else in the field itself. */
function fieldNamer(config: Partial<PostgresConfig>): (name: 'host' | 'port' | 'user' | 'password' | 'database') => string {
  const source = config.connectionString;
  if (typeof source !== 'string') return (name) => name;
  let parts: Record<string, string>;
  try {
    const url = new URL(source);
    parts = { host: url.hostname, port: url.port, user: url.username, password: url.password, database: url.pathname.slice(1) };
  } catch {
    return () => 'connectionString';
  }
  return (name) => (parts[name] ? 'connectionString' : name);
}
