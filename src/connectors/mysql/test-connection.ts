import mysql from 'mysql2/promise';
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
import { connectionOptions } from './client.ts';
import { mysqlSchema, type MysqlConfig } from './schema.ts';

const concealed = ['password', 'ssl.key'];

/** Connects one connection (not a pool), asks the server who and where it is, and always closes it. */
export function testMysql(config: MysqlConfig, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step, signal) => {
      const valid = mysqlSchema.parse(config);
      const connectTimeout = Math.min(valid.connectTimeout || context.timeoutMs, context.timeoutMs);
      let connection: mysql.Connection | undefined;
      return closingClient(
        signal,
        async () => connection?.destroy(),
        async () => {
          connection = await step('connect', () => mysql.createConnection({ ...connectionOptions(valid), connectTimeout }));
          // A server that goes away mid-test emits 'error' on the connection; the pending step reports it.
          connection.on('error', () => undefined);
          const open = connection;
          const facts = await step('query', async () => {
            const [rows] = await open.query<Array<mysql.RowDataPacket>>('SELECT VERSION() AS version, DATABASE() AS db, CURRENT_USER() AS user');
            const row = rows[0];
            if (row === undefined) throw new Error('The server returned no row for SELECT VERSION().');
            return { version: String(row.version), database: row.db === null ? '' : String(row.db), user: String(row.user) };
          });
          const server = /mariadb/i.test(facts.version) ? 'MariaDB' : 'MySQL';
          const where = facts.database === '' ? 'no default database' : `database "${facts.database}"`;
          return {
            message: `Connected to ${server} ${facts.version}, ${where}, as "${facts.user}".`,
            details: { serverVersion: facts.version, server, database: facts.database, user: facts.user },
          };
        },
      );
    },
    (error) => classifyMysqlError(error, config),
    { conceal: valuesAt(config, concealed) },
  );
}

/** Maps MySQL's error numbers, mysql2's own codes and network errors to the field to fix. */
export function classifyMysqlError(error: unknown, config: Partial<MysqlConfig>): TestFailure {
  const errno = typeof error === 'object' && error !== null && 'errno' in error ? error.errno : undefined;
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  switch (errno) {
    case 1045:
      return {
        code: 'auth_failed',
        message: 'The server refused the login: wrong password, or no such user for connections from this host (MySQL error 1045).',
        field: 'password',
        hint: 'Check the password and the user; the account must exist for this host (user@host), e.g. SELECT user, host FROM mysql.user.',
      };
    case 1698:
      return {
        code: 'auth_failed',
        message: 'This user may not log in with a password (MySQL error 1698): it authenticates another way, such as unix_socket.',
        field: 'user',
        hint: 'Use an account created with IDENTIFIED BY a password, or change how this account authenticates.',
      };
    case 1044:
      return {
        code: 'permission_denied',
        message: 'The user may not use this database (MySQL error 1044).',
        field: 'user',
        hint: 'An administrator can GRANT privileges on the database to this user, or pick a database the user may use.',
      };
    case 1049:
      return {
        code: 'database_not_found',
        message: 'The database does not exist on this server (MySQL error 1049).',
        field: 'database',
        hint: 'Check the database name; SHOW DATABASES lists them.',
      };
    case 1040:
      return {
        code: 'too_many_connections',
        message: 'The server has no free connection slots (MySQL error 1040).',
        hint: 'Lower connectionLimit on the connections using this server, or raise max_connections on the server.',
      };
    case 1129:
      return {
        code: 'host_blocked',
        message: 'The server blocks connections from this host after too many failed ones (MySQL error 1129).',
        field: 'host',
        hint: 'An administrator can run FLUSH HOSTS (or mariadb-admin flush-hosts) on the server.',
      };
  }
  if (code === 'HANDSHAKE_NO_SSL_SUPPORT') {
    return {
      code: 'tls_failed',
      message: 'The server does not support TLS, but ssl asks for it.',
      field: 'ssl',
      hint: 'Leave ssl out for a server without TLS, or enable TLS on the server.',
    };
  }
  const network = classifyNetworkError(error, { host: 'host', port: 'port', tls: 'ssl' }, { host: config.host, port: config.port });
  if (network !== undefined) return network;
  if (code === 'PROTOCOL_CONNECTION_LOST' || code === 'HANDSHAKE_UNKNOWN_ERROR' || code === 'PROTOCOL_PACKETS_OUT_OF_ORDER') {
    return {
      code: 'not_mysql',
      message: 'The server closed the connection or answered something else during the MySQL handshake.',
      field: 'port',
      hint: 'Check that a MySQL or MariaDB server, not another service, listens on that port.',
    };
  }
  return unexpectedFailure(error);
}
