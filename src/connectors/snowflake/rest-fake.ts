import http from 'node:http';
import { randomUUID, verify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Snowflake's REST protocol as snowflake-sdk speaks it, for tests: login
 * (password or programmatic access token), query-request answering in the JSON result format,
 * session delete and telemetry. Errors carry Snowflake's real codes and messages.
 */
export interface FakeAccount {
  username: string;
  password?: string;
  pat?: string;
  /** PEM public key for key pair (SNOWFLAKE_JWT) logins. */
  publicKey?: string;
  /** Roles granted to the user; the first is its default role. */
  roles: string[];
  warehouses: string[];
  /** Database name → its schemas. */
  databases: Record<string, string[]>;
  /** When set, every login is refused the way a network policy refuses this address. */
  blockedIp?: string;
}

export interface SnowflakeFake {
  accessUrl: string;
  /** Every login request body's data as received, to check what the SDK sent. */
  logins: Array<Record<string, unknown>>;
  /** The SQL text of every query, in order. */
  queries: string[];
  close(): Promise<void>;
}

interface Session {
  role: string;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
}

interface Column {
  name: string;
  type: 'text' | 'fixed';
}

const version = '9.1.0';

export async function startSnowflakeFake(account: FakeAccount): Promise<SnowflakeFake> {
  const sessions = new Map<string, Session>();
  const logins: Array<Record<string, unknown>> = [];
  const queries: string[] = [];
  /** The results of a multi-statement request, by the query id the SDK fetches each one with. */
  const results = new Map<string, unknown>();
  /** Statements held by `SYSTEM$WAIT`, per session token: each ends its wait as cancelled. */
  const waiting = new Map<string, Set<() => void>>();

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const text = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      const url = new URL(request.url ?? '/', 'http://fake');
      const body: unknown = text === '' ? {} : JSON.parse(text);
      response.setHeader('content-type', 'application/json');
      const answered = JSON.stringify(answer(url, body, request.headers.authorization));
      // `SELECT SYSTEM$WAIT(n)` answers after n seconds (or never, when the client goes away first).
      const wait = isRecord(body) && typeof body.sqlText === 'string' ? /SYSTEM\$WAIT\((\d+)/i.exec(body.sqlText)?.[1] : undefined;
      if (wait === undefined) {
        response.end(answered);
        return;
      }
      // An abort-request or the session's delete ends the wait the way Snowflake cancels a statement.
      const token = sessionToken(request.headers.authorization);
      const held = waiting.get(token) ?? new Set<() => void>();
      waiting.set(token, held);
      const finish = (text: string): void => {
        clearTimeout(timer);
        held.delete(cancel);
        if (!response.writableEnded) response.end(text);
      };
      const cancel = (): void => finish(JSON.stringify(failure('000604', 'SQL execution canceled', '57014')));
      const timer = setTimeout(() => finish(answered), Number(wait) * 1000);
      held.add(cancel);
      response.on('close', () => {
        clearTimeout(timer);
        held.delete(cancel);
      });
    });
  });

  function answer(url: URL, body: unknown, authorization: string | undefined): unknown {
    if (url.pathname === '/session/v1/login-request') return login(url, dataOf(body));
    const session = sessions.get(sessionToken(authorization));
    if (session === undefined) return failure('390104', 'User must login again to access the service.');
    if (url.pathname === '/queries/v1/query-request') {
      const sqlText = isRecord(body) && typeof body.sqlText === 'string' ? body.sqlText : '';
      queries.push(sqlText);
      const binds = bindValues(isRecord(body) ? body.bindings : undefined);
      const statements = sqlText.split(';').filter((part) => part.trim() !== '');
      if (statements.length <= 1) return query(session, sqlText, binds);
      // Several statements run only with MULTI_STATEMENT_COUNT 0 (or their exact count), as on Snowflake.
      const parameters = isRecord(body) && isRecord(body.parameters) ? body.parameters : {};
      const wanted = Number(parameters.MULTI_STATEMENT_COUNT ?? 1);
      if (wanted !== 0 && wanted !== statements.length) {
        return failure('000008', `Actual statement count ${statements.length} did not match the desired statement count ${wanted}.`, '0A000');
      }
      // The answer names one result per statement; the SDK then fetches each from /queries/<id>/result.
      const ids = statements.map((statement) => {
        const id = randomUUID();
        results.set(id, query(session, statement, []));
        return id;
      });
      return { success: true, code: null, message: null, data: { queryId: randomUUID(), resultIds: ids.join(','), resultTypes: ids.map(() => '4096').join(',') } };
    }
    const stored = /^\/queries\/([^/]+)\/result$/.exec(url.pathname)?.[1];
    if (stored !== undefined && results.has(stored)) return results.get(stored);
    if (url.pathname.endsWith('/abort-request')) {
      for (const cancel of [...(waiting.get(sessionToken(authorization)) ?? [])]) cancel();
      return { success: true, code: null, message: null, data: null };
    }
    if (url.pathname === '/session' && url.searchParams.get('delete') === 'true') {
      for (const cancel of [...(waiting.get(sessionToken(authorization)) ?? [])]) cancel();
      sessions.delete(sessionToken(authorization));
      return { success: true, code: null, message: null, data: null };
    }
    // Telemetry and anything else the SDK sends on the side.
    return { success: true, code: null, message: null, data: null };
  }

  function login(url: URL, data: Record<string, unknown>): unknown {
    logins.push(data);
    if (account.blockedIp !== undefined) {
      return failure('390422', `Incoming request with IP/Token ${account.blockedIp} is not allowed to access Snowflake. Contact your local security administrator.`);
    }
    const sameUser = String(data.LOGIN_NAME ?? '').toUpperCase() === account.username.toUpperCase();
    if (data.AUTHENTICATOR === 'PROGRAMMATIC_ACCESS_TOKEN') {
      if (!sameUser || account.pat === undefined || data.TOKEN !== account.pat) return failure('394400', 'Programmatic access token is invalid.');
    } else if (data.AUTHENTICATOR === 'SNOWFLAKE_JWT') {
      if (!sameUser || account.publicKey === undefined || !validJwt(String(data.TOKEN ?? ''), account.publicKey)) return failure('390144', 'JWT token is invalid.');
    } else if (!sameUser || account.password === undefined || data.PASSWORD !== account.password) {
      return failure('390100', 'Incorrect username or password was specified.');
    }
    const role = url.searchParams.get('roleName') ?? account.roles[0] ?? 'PUBLIC';
    if (!account.roles.some((granted) => granted.toUpperCase() === role.toUpperCase())) {
      return failure(
        '390189',
        `Role '${role.toUpperCase()}' specified in the connect string does not exist or not authorized. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC.`,
      );
    }
    // Like Snowflake: an unknown warehouse, database or schema does not fail the login; the session just has none.
    const database = known(url.searchParams.get('databaseName'), Object.keys(account.databases));
    const schemas = database === null ? [] : (account.databases[database] ?? []);
    const session: Session = {
      role: role.toUpperCase(),
      warehouse: known(url.searchParams.get('warehouse'), account.warehouses),
      database,
      schema: known(url.searchParams.get('schemaName'), schemas),
    };
    const token = `session-${randomUUID()}`;
    sessions.set(token, session);
    return {
      success: true,
      code: null,
      message: null,
      data: {
        token,
        masterToken: `master-${randomUUID()}`,
        validityInSeconds: 3600,
        masterValidityInSeconds: 14400,
        sessionId: Math.floor(Math.random() * 1e12),
        parameters: [],
        sessionInfo: {
          databaseName: session.database,
          schemaName: session.schema,
          warehouseName: session.warehouse,
          roleName: session.role,
        },
        serverVersion: version,
      },
    };
  }

  function query(session: Session, sqlText: string, binds: string[]): unknown {
    const sql = sqlText.trim().replace(/;$/, '');
    if (/^(BEGIN|COMMIT|ROLLBACK)$/i.test(sql)) {
      return rows([{ name: 'status', type: 'text' }], [['Statement executed successfully.']], 0x5000);
    }
    if (/^SELECT CURRENT_ROLE\(\)/i.test(sql)) {
      return rows(
        ['ROLE', 'WAREHOUSE', 'DATABASE', 'SCHEMA', 'VERSION'].map((name) => ({ name, type: 'text' as const })),
        [[session.role, session.warehouse, session.database, session.schema, version]],
      );
    }
    if (/\bFROM\b/i.test(sql) && session.warehouse === null) {
      return failure('000606', 'No active warehouse selected in the current session.  Select an active warehouse with the \'use warehouse\' command.', '57P03');
    }
    // An INSERT answers with its count as Snowflake does: one row, `number of rows inserted`, statement type 0x3100.
    const insert = /^INSERT\s+INTO\s+(\S+).*?\bVALUES\s*(.+)$/is.exec(sql);
    if (insert !== null) {
      const table = insert[1] ?? '';
      if (/no_such/i.test(table)) {
        return failure('002003', `SQL compilation error:\nTable ${table.replaceAll('"', '')} does not exist or not authorized.`, '42S02');
      }
      const inserted = (insert[2] ?? '').match(/\([^()]*\)/g)?.length ?? 0;
      return rows([{ name: 'number of rows inserted', type: 'fixed' }], [[String(inserted)]], 0x3100);
    }
    // A MERGE over a VALUES source: the fake has no tables, so every source row counts as inserted (statement type 0x3400).
    const merge = /^MERGE\s+INTO\s.*?\bFROM\s+VALUES\s*(.+?)\)\s+AS\s/is.exec(sql);
    if (merge !== null) {
      const inserted = (merge[1] ?? '').match(/\([^()]*\)/g)?.length ?? 0;
      return rows([{ name: 'number of rows inserted', type: 'fixed' }, { name: 'number of rows updated', type: 'fixed' }], [[String(inserted), '0']], 0x3400);
    }
    // `SELECT id FROM numbers WHERE id <= ?` (or a literal): the ids 1 … n.
    const numbers = /^SELECT\s+(\w+)\s+FROM\s+numbers\s+WHERE\s+\w+\s*<=\s*(\?|\d+)(?:\s+ORDER BY .*)?$/is.exec(sql);
    if (numbers !== null) {
      const limit = Number(numbers[2] === '?' ? (binds[0] ?? 0) : numbers[2]);
      const ids = Array.from({ length: Math.max(0, limit) }, (_, index) => [String(index + 1)]);
      return rows([{ name: (numbers[1] ?? 'ID').toUpperCase(), type: 'fixed' }], ids);
    }
    if (/^SELECT\s+SYSTEM\$WAIT\(/i.test(sql)) return rows([{ name: 'slept', type: 'text' }], [['waited']]);
    // SELECT of literals: `SELECT 1 AS ONE, 'x' AS NAME`.
    const literals = /^SELECT\s+(.+)$/is.exec(sql)?.[1];
    if (literals !== undefined && !/\bFROM\b/i.test(sql)) {
      const columns: Column[] = [];
      const values: Array<string | null> = [];
      literals.split(',').forEach((part, index) => {
        const [, value = '', alias] = /^\s*(.+?)(?:\s+AS\s+"?(\w+)"?)?\s*$/is.exec(part) ?? [];
        const quoted = /^'(.*)'$/s.exec(value);
        columns.push({ name: alias ?? `${index + 1}`, type: quoted === null ? 'fixed' : 'text' });
        values.push(quoted === null ? value : (quoted[1] ?? ''));
      });
      return rows(columns, [values]);
    }
    return failure('001003', `SQL compilation error:\nsyntax error line 1 at position 0 unexpected '${sql.slice(0, 20)}'.`, '42000');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    accessUrl: `http://127.0.0.1:${port}`,
    logins,
    queries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The bound values as the SDK sends them (`{ "1": { type, value } }`), in order, as text. */
function bindValues(bindings: unknown): string[] {
  if (!isRecord(bindings)) return [];
  return Object.keys(bindings)
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => {
      const bind = bindings[key];
      return isRecord(bind) && bind.value !== null && bind.value !== undefined ? String(bind.value) : '';
    });
}

function rows(columns: Column[], rowset: Array<Array<string | null>>, statementTypeId = 0x1000): unknown {
  return {
    success: true,
    code: null,
    message: null,
    data: {
      queryId: randomUUID(),
      queryResultFormat: 'json',
      version: 1,
      statementTypeId,
      parameters: [],
      rowtype: columns.map((column) => ({
        name: column.name,
        type: column.type,
        nullable: true,
        scale: column.type === 'fixed' ? 0 : null,
        precision: column.type === 'fixed' ? 38 : null,
        length: column.type === 'text' ? 16777216 : null,
        byteLength: column.type === 'text' ? 16777216 : null,
      })),
      rowset,
      total: rowset.length,
      returned: rowset.length,
    },
  };
}

function failure(code: string, message: string, sqlState?: string): unknown {
  return { success: false, code, message, data: { errorCode: code, sqlState: sqlState ?? '08001', queryId: randomUUID() } };
}

/** Whether a key pair login's JWT is signed (RS256) by the key whose public half is given. */
function validJwt(token: string, publicKey: string): boolean {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return false;
  return verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'));
}

function known(name: string | null, names: string[]): string | null {
  if (name === null) return null;
  return names.find((candidate) => candidate.toUpperCase() === name.toUpperCase()) ?? null;
}

function sessionToken(authorization: string | undefined): string {
  return /Snowflake Token="([^"]+)"/.exec(authorization ?? '')?.[1] ?? '';
}

function dataOf(body: unknown): Record<string, unknown> {
  return isRecord(body) && isRecord(body.data) ? body.data : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
