import mssql from 'mssql';
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
import { poolConfig } from './client.ts';
import { mssqlSchema, type MssqlConfig } from './schema.ts';

export const secretFields = ['password', 'authentication.options.password', 'authentication.options.clientSecret'];

/** What went wrong during a login: the driver's error and the number of the last ERROR token the server sent. */
export interface LoginFailure {
  error: unknown;
  serverErrorNumber?: number | undefined;
}

/** Connects a one-connection pool, asks the server what it is, where and who, and always closes it. */
export function testMssql(config: MssqlConfig, context: TestContext): Promise<TestResult> {
  let serverErrorNumber: number | undefined;
  return runConnectionTest(
    context,
    async (step, signal) => {
      const valid = mssqlSchema.parse(config);
      // The driver's own timeout only when the config's is the shorter one; else the test's deadline reports it.
      const connectionTimeout = valid.connectionTimeout < context.timeoutMs ? valid.connectionTimeout : context.timeoutMs + 1000;
      const pool = new mssql.ConnectionPool({
        ...poolConfig(valid),
        connectionTimeout,
        // tedious retries "cannot open database" (4060) as transient; a test wants the answer at once.
        options: { ...valid.options, maxRetriesOnTransientErrors: 0 },
        pool: { max: 1, min: 0 },
        // tedious keeps only the message of a login error; its number says which field is wrong.
        beforeConnect: (connection) => connection.on('errorMessage', (token) => (serverErrorNumber = token.number)),
      });
      pool.on('error', () => undefined);
      return closingClient(
        signal,
        () => pool.close(),
        async () => {
          await step('connect', () => pool.connect());
          const facts = await step('query', async () => {
            const result = await pool.request().query<{ version: string; db: string | null; login: string | null }>(
              'SELECT @@VERSION AS version, DB_NAME() AS db, SUSER_SNAME() AS login',
            );
            const row = result.recordset[0];
            if (row === undefined) throw new Error('The server returned no row for SELECT @@VERSION.');
            return { version: String(row.version), database: row.db ?? '', login: row.login ?? '' };
          });
          // @@VERSION is several lines; the first names the product and build.
          const version = facts.version.split('\n')[0]?.trim() ?? facts.version;
          return {
            message: `Connected to ${version}, database "${facts.database}", as "${facts.login}".`,
            details: { serverVersion: version, database: facts.database, login: facts.login },
          };
        },
      );
    },
    (error) => classifyMssqlError({ error, serverErrorNumber }, config),
    { conceal: valuesAt(config, secretFields), timeoutField: 'server' },
  );
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/** mssql wraps tedious's error (originalError), which wraps the socket's (cause); the inner ones carry the codes. */
function originalOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'originalError' in error ? error.originalError : undefined;
}

function causeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined;
}

/** Maps SQL Server's login error numbers, tedious's codes and network errors to the field to fix. */
export function classifyMssqlError(failure: LoginFailure, config: Partial<MssqlConfig>): TestFailure {
  const { error } = failure;
  const loginField = config.authentication === undefined ? 'password' : 'authentication.options';
  switch (failure.serverErrorNumber) {
    case 18456:
      return {
        code: 'auth_failed',
        message: 'The server refused the login: wrong password, or no such login (SQL Server error 18456).',
        field: loginField,
        hint: 'Check the user and the password; the server must also allow SQL Server logins (mixed mode) for a user and password to work.',
      };
    case 4060:
      return {
        code: 'database_not_found',
        message: 'The database does not exist, or this login may not open it (SQL Server error 4060).',
        field: 'database',
        hint: 'Check the database name (SELECT name FROM sys.databases lists them) and that the login has a user in that database.',
      };
    case 18486:
      return {
        code: 'auth_failed',
        message: 'The login is locked out after too many failed attempts (SQL Server error 18486).',
        field: 'user',
        hint: 'An administrator can unlock it: ALTER LOGIN … WITH PASSWORD = … UNLOCK.',
      };
    case 18488:
      return {
        code: 'auth_failed',
        message: 'The password of this login has expired and must be changed (SQL Server error 18488).',
        field: 'password',
        hint: 'Change the password (e.g. in SQL Server Management Studio), then update the secret.',
      };
  }
  const codes = [codeOf(error), codeOf(originalOf(error))];
  if (codes.includes('EINSTLOOKUP')) {
    return {
      code: 'instance_not_found',
      message: `No SQL Browser answered for the named instance "${config.options?.instanceName ?? ''}" on UDP port 1434, or it does not know that instance.`,
      field: 'options.instanceName',
      hint: 'Check the instance name, that the SQL Server Browser service runs and that UDP 1434 is open; or give the instance\u2019s TCP port instead.',
    };
  }
  if (codes.includes('EENCRYPT')) {
    return {
      code: 'tls_failed',
      message: 'The server and options.encrypt disagree about encryption: one requires it, the other does not support it.',
      field: 'options.encrypt',
      hint: 'Set options.encrypt to true for a server that requires encryption (Azure SQL does), false for one without TLS.',
    };
  }
  if (codes.includes('ETIMEOUT')) {
    return {
      code: 'timeout',
      message: `The server did not complete the login within connectionTimeout (${config.connectionTimeout ?? 15000} ms).`,
      field: 'connectionTimeout',
      hint: 'Check server and port, and that no firewall silently drops the traffic; raise connectionTimeout for a slow server.',
    };
  }
  const where = `"${config.server ?? ''}" on port ${config.port ?? 1433}`;
  const notSqlServerHint = 'Check that SQL Server, not another service, listens on that port (1433 by default).';
  // A peer that takes the TCP connection and hangs up at the first TDS packet is not SQL Server.
  if (codes.includes('ESOCKET') && /Connection lost/.test(error instanceof Error ? error.message : '')) {
    return {
      code: 'not_sql_server',
      message: `The server ${where} accepted the connection, then hung up during the SQL Server (TDS) handshake.`,
      field: 'port',
      hint: notSqlServerHint,
    };
  }
  const fields = { host: 'server', port: 'port', tls: 'options.trustServerCertificate' };
  const target = { host: config.server, port: config.port };
  // The socket's own error first: the wrappers' code (ESOCKET) would hide its ECONNREFUSED or ENOTFOUND.
  const socketError = causeOf(originalOf(error));
  const network = (socketError === undefined ? undefined : classifyNetworkError(socketError, fields, target)) ?? classifyNetworkError(error, fields, target);
  if (network?.code === 'tls_failed') {
    return {
      ...network,
      hint: "Check the server's certificate: it must be issued by a trusted authority to the server name. For a self-signed one, set options.trustServerCertificate to true (testing only).",
    };
  }
  if (network !== undefined) return network;
  // tedious fails to parse what a non-TDS peer sent (Node's ERR_… codes), or gets a login answer without LOGINACK or ERROR.
  if (codes.some((code) => typeof code === 'string' && (code.startsWith('ERR_') || code === 'ETDS' || code === 'ELOGIN'))) {
    return {
      code: 'not_sql_server',
      message: `The server ${where} answered something that is not the SQL Server (TDS) protocol.`,
      field: 'port',
      hint: notSqlServerHint,
    };
  }
  return unexpectedFailure(error);
}
