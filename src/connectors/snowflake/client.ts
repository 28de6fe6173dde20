import snowflake from 'snowflake-sdk';
import type { SnowflakeConfig } from './schema.ts';

export type SnowflakePool = ReturnType<typeof snowflake.createPool>;

// The SDK logs to ./snowflake.log (and the console) by default. A logger that drops every line
// keeps secrets, file writes and noise out; our own errors say what went wrong.
const silent = { error: ignore, warn: ignore, info: ignore, debug: ignore, trace: ignore };
snowflake.configure({ logLevel: 'OFF', customLogger: silent });

function ignore(): void {}

/** The snowflake-sdk options for a config; a programmatic access token goes in `token`, where the SDK sends it as one. */
export function connectionOptions(config: SnowflakeConfig): snowflake.ConnectionOptions {
  const options: snowflake.ConnectionOptions = {
    account: config.account,
    username: config.username,
    authenticator: config.authenticator,
    application: 'ZiggyConnections',
  };
  if (config.authenticator === 'PROGRAMMATIC_ACCESS_TOKEN') {
    if (config.password !== undefined) options.token = config.password;
  } else if (config.authenticator === 'SNOWFLAKE_JWT') {
    if (config.privateKey !== undefined) options.privateKey = config.privateKey;
    if (config.privateKeyPass !== undefined) options.privateKeyPass = config.privateKeyPass;
  } else if (config.password !== undefined) {
    options.password = config.password;
  }
  if (config.timeout !== undefined) options.timeout = config.timeout;
  for (const key of ['warehouse', 'database', 'schema', 'role', 'accessUrl'] as const) {
    const value = config[key];
    if (value !== undefined) options[key] = value;
  }
  return options;
}

export function createPool(config: SnowflakeConfig): Promise<SnowflakePool> {
  return Promise.resolve(snowflake.createPool(connectionOptions(config), { max: config.poolMax, min: config.poolMin }));
}

/** Waits for borrowed connections to come back, then ends every session (`/session?delete=true`). */
export async function closePool(pool: SnowflakePool): Promise<void> {
  await pool.drain();
  await pool.clear();
}

/**
 * Logs one connection in. `connectAsync()` resolves even when the login fails, so the
 * callback form is wrapped instead.
 */
export function connect(connection: snowflake.Connection): Promise<snowflake.Connection> {
  return new Promise((resolve, reject) => {
    connection.connect((error, connected) => (error === undefined || error === null ? resolve(connected) : reject(error)));
  });
}

/** Runs one statement and returns its rows as objects keyed by column name. */
export function execute(connection: snowflake.Connection, sqlText: string, binds: snowflake.Binds = []): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    connection.execute({
      sqlText,
      binds,
      complete: (error, _statement, rows) => (error === undefined || error === null ? resolve(rows ?? []) : reject(error)),
    });
  });
}

/** Ends a session; a session that never logged in, or a server gone away, is not an error here. */
export function destroy(connection: snowflake.Connection): Promise<void> {
  return new Promise((resolve) => {
    if (!connection.isUp()) {
      resolve();
      return;
    }
    connection.destroy(() => resolve());
  });
}
