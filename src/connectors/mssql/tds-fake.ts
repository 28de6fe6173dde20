// A small SQL Server stand-in for tests: enough of MS-TDS for the real mssql/tedious to log in and
// run a query. SQL Server cannot run on this machine; this speaks the protocol, it is not a database.
import net from 'node:net';

/** TDS packet types (MS-TDS 2.2.3.1.1). */
const packetType = { sqlBatch: 0x01, rpc: 0x03, tabularResult: 0x04, attention: 0x06, login7: 0x10, prelogin: 0x12, transactionManager: 0x0e } as const;

/** Transaction manager requests (MS-TDS 2.2.6.9) and the ENVCHANGE type that answers each. */
const transactionRequests = new Map([
  [5, { marker: 'BEGIN TRANSACTION', envChange: 8 }],
  [7, { marker: 'COMMIT TRANSACTION', envChange: 9 }],
  [8, { marker: 'ROLLBACK TRANSACTION', envChange: 10 }],
]);

/** Token types (MS-TDS 2.2.4.2, 2.2.7). */
const token = {
  colMetadata: 0x81,
  error: 0xaa,
  loginAck: 0xad,
  row: 0xd1,
  envChange: 0xe3,
  done: 0xfd,
  doneProc: 0xfe,
  doneInProc: 0xff,
  returnStatus: 0x79,
} as const;

const doneStatus = { final: 0x0000, error: 0x0002, count: 0x0010, attention: 0x0020 } as const;

/** A column of a result: nvarchar or int, the two types the fake sends. */
export interface FakeColumn {
  name: string;
  type: 'nvarchar' | 'int';
}

export interface FakeResult {
  columns: FakeColumn[];
  rows: Array<Array<string | number | null>>;
  /** For a statement without a result set (an INSERT, a MERGE): the rows it says it touched. */
  affected?: number;
}

/** A server error sent as an ERROR token (number, message). */
export interface FakeError {
  number: number;
  message: string;
}

/** A statement the fake never answers (as if it ran for ever), until the client sends an ATTENTION. */
export const noAnswer = 'no answer';

/** What the fake answers a statement with; `values` are the bound parameters by name (without @). */
export type Answer = (sql: string, values: Record<string, string | number | null>) => FakeResult | FakeError | typeof noAnswer | undefined;

export interface TdsFakeOptions {
  /** Logins the fake accepts, user → password. */
  logins: Record<string, string>;
  /** Databases a login may open; the first is the default. */
  databases: string[];
  answer?: Answer;
}

export interface TdsFake {
  port: number;
  /** Every SQL text the fake was sent, in order, with BEGIN/COMMIT/ROLLBACK TRANSACTION for transaction manager requests and ATTENTION for a cancel. */
  statements: string[];
  close(): Promise<void>;
}

const ucs2 = (text: string): Buffer => Buffer.from(text, 'utf16le');

/** B_VARCHAR: a one-byte length in characters, then UCS-2. */
function bVarchar(text: string): Buffer {
  return Buffer.concat([Buffer.from([text.length]), ucs2(text)]);
}

/** US_VARCHAR: a two-byte length in characters, then UCS-2. */
function usVarchar(text: string): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16LE(text.length);
  return Buffer.concat([length, ucs2(text)]);
}

function uint16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16LE(value);
  return buffer;
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer;
}

/** A token with a two-byte length before its body (ENVCHANGE, LOGINACK, ERROR). */
function lengthPrefixed(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), uint16(body.length), body]);
}

function done(type: number, status: number, rowCount = 0): Buffer {
  const body = Buffer.alloc(12);
  body.writeUInt16LE(status, 0);
  body.writeUInt16LE(0xc1, 2); // CurCmd: SELECT
  body.writeBigUInt64LE(BigInt(rowCount), 4);
  return Buffer.concat([Buffer.from([type]), body]);
}

function errorToken(error: FakeError): Buffer {
  const body = Buffer.concat([uint32(error.number), Buffer.from([1, 14]), usVarchar(error.message), bVarchar('tds-fake'), bVarchar(''), uint32(1)]);
  return lengthPrefixed(token.error, body);
}

/** Latin1_General_CI_AS, the collation sent with nvarchar columns. */
const collation = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

function resultTokens(result: FakeResult): Buffer[] {
  const columns = result.columns.map((column) => {
    const typeInfo =
      column.type === 'int' ? Buffer.from([0x26, 4]) : Buffer.concat([Buffer.from([0xe7]), uint16(8000), collation]);
    // UserType (4), Flags (2: nullable), TYPE_INFO, ColName.
    return Buffer.concat([uint32(0), uint16(0x0001), typeInfo, bVarchar(column.name)]);
  });
  const rows = result.rows.map((row) =>
    Buffer.concat([
      Buffer.from([token.row]),
      ...result.columns.map((column, index) => {
        const value = row[index] ?? null;
        if (column.type === 'int') return value === null ? Buffer.from([0]) : intValue(Number(value));
        return value === null ? uint16(0xffff) : nvarcharValue(String(value));
      }),
    ]),
  );
  return [Buffer.concat([Buffer.from([token.colMetadata]), uint16(result.columns.length), ...columns]), ...rows];
}

/** An intN value in a ROW: its length (4), then the value. */
function intValue(value: number): Buffer {
  const buffer = Buffer.alloc(5);
  buffer.writeUInt8(4, 0);
  buffer.writeInt32LE(value, 1);
  return buffer;
}

/** An nvarchar value in a ROW: its length in bytes (two bytes), then UCS-2. */
function nvarcharValue(text: string): Buffer {
  const bytes = ucs2(text);
  return Buffer.concat([uint16(bytes.length), bytes]);
}

/** One message as packets of at most 4,096 bytes, the size tedious asks for; the last has status EOM. */
function packets(type: number, payload: Buffer): Buffer[] {
  const size = 4096 - 8;
  const out: Buffer[] = [];
  for (let start = 0, id = 1; start < payload.length || out.length === 0; start += size, id++) {
    const chunk = payload.subarray(start, start + size);
    const header = Buffer.alloc(8);
    header.writeUInt8(type, 0);
    header.writeUInt8(start + size >= payload.length ? 0x01 : 0x00, 1);
    header.writeUInt16BE(chunk.length + 8, 2);
    header.writeUInt8(id % 256, 6);
    out.push(Buffer.concat([header, chunk]));
  }
  return out;
}

/** PRELOGIN answer: version 16.0, and encryption NOT_SUP, so tests run with `encrypt: false`. */
function preloginResponse(): Buffer {
  const options = [
    [0x00, Buffer.from([16, 0, 0x03, 0xe8, 0, 0])],
    [0x01, Buffer.from([0x02])],
  ] as const;
  const headerLength = options.length * 5 + 1;
  const header: Buffer[] = [];
  let offset = headerLength;
  for (const [option, data] of options) {
    const entry = Buffer.alloc(5);
    entry.writeUInt8(option, 0);
    entry.writeUInt16BE(offset, 1);
    entry.writeUInt16BE(data.length, 3);
    header.push(entry);
    offset += data.length;
  }
  return Buffer.concat([...header, Buffer.from([0xff]), ...options.map(([, data]) => data)]);
}

interface Login {
  user: string;
  password: string;
  database: string;
}

/** The user, password and database of a LOGIN7 (MS-TDS 2.2.6.4); the password is unscrambled. */
function parseLogin7(payload: Buffer): Login {
  const text = (offsetAt: number): Buffer => {
    const offset = payload.readUInt16LE(offsetAt);
    const length = payload.readUInt16LE(offsetAt + 2);
    return payload.subarray(offset, offset + length * 2);
  };
  // Each password byte went out as its nibbles swapped, XOR 0xA5.
  const password = Buffer.from([...text(44)].map((byte) => (((byte ^ 0xa5) << 4) & 0xf0) | ((byte ^ 0xa5) >> 4)));
  return { user: text(40).toString('utf16le'), password: password.toString('utf16le'), database: text(68).toString('utf16le') };
}

/** Skips ALL_HEADERS (MS-TDS 2.2.5.3), which starts SQL batch and RPC payloads. */
function afterHeaders(payload: Buffer): number {
  return payload.readUInt32LE(0);
}

/** A parameter value of an RPC: nvarchar (0xE7, PLP or not), intN (0x26) or bitN (0x68). */
function readParameter(payload: Buffer, start: number): { name: string; value: string | number | null; end: number } {
  let at = start;
  const nameLength = payload.readUInt8(at);
  const name = payload.subarray(at + 1, at + 1 + nameLength * 2).toString('utf16le');
  at += 1 + nameLength * 2 + 1; // name, status flags
  const type = payload.readUInt8(at);
  at += 1;
  if (type === 0x26 || type === 0x68) {
    at += 1; // max length
    const length = payload.readUInt8(at);
    at += 1;
    const value = length === 0 ? null : length === 8 ? Number(payload.readBigInt64LE(at)) : payload.readIntLE(at, length);
    return { name, value, end: at + length };
  }
  if (type !== 0xe7) throw new Error(`The TDS fake reads nvarchar and int parameters, not type 0x${type.toString(16)}.`);
  const maxLength = payload.readUInt16LE(at);
  at += 2 + 5; // max length, collation
  if (maxLength !== 0xffff) {
    const length = payload.readUInt16LE(at);
    at += 2;
    if (length === 0xffff) return { name, value: null, end: at };
    return { name, value: payload.subarray(at, at + length).toString('utf16le'), end: at + length };
  }
  // PLP: the total length (8 bytes), then chunks of a 4-byte length, ended by a zero length.
  const total = payload.readBigUInt64LE(at);
  at += 8;
  if (total === 0xffffffffffffffffn) return { name, value: null, end: at };
  const chunks: Buffer[] = [];
  for (let length = payload.readUInt32LE(at); length > 0; length = payload.readUInt32LE(at)) {
    chunks.push(payload.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return { name, value: Buffer.concat(chunks).toString('utf16le'), end: at + 4 };
}

/** The statement of an sp_executesql RPC (ProcID 10) and its bound values, by name without the @. */
function parseRpc(payload: Buffer): { sql: string; values: Record<string, string | number | null> } {
  let at = afterHeaders(payload);
  if (payload.readUInt16LE(at) !== 0xffff) throw new Error('The TDS fake runs sp_executesql only.');
  at += 2 + 2 + 2; // 0xFFFF, ProcID, option flags
  const values: Record<string, string | number | null> = {};
  let sql = '';
  for (let index = 0; at < payload.length; index++) {
    const parameter = readParameter(payload, at);
    at = parameter.end;
    if (index === 0) sql = String(parameter.value);
    else if (index > 1) values[parameter.name.replace(/^@/, '')] = parameter.value;
  }
  return { sql, values };
}

/** What every server answers: the session settings tedious sends after login, and mssql's `SELECT 1;` pool check. */
function builtInAnswer(sql: string): FakeResult | undefined {
  if (/^\s*set\s/i.test(sql)) return { columns: [], rows: [] };
  if (/^\s*SELECT 1;?\s*$/i.test(sql)) return { columns: [{ name: '', type: 'int' }], rows: [[1]] };
  return undefined;
}

function isError(answer: FakeResult | FakeError): answer is FakeError {
  return 'number' in answer;
}

/** Starts the fake on a free loopback port. */
export async function startTdsFake(options: TdsFakeOptions): Promise<TdsFake> {
  const statements: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
    let pending = Buffer.alloc(0);
    let message: Buffer[] = [];
    let login: Login | undefined;
    const send = (type: number, payload: Buffer): void => {
      for (const packet of packets(type, payload)) socket.write(packet);
    };
    const respond = (type: number, payload: Buffer): void => {
      if (type === packetType.prelogin) return send(packetType.tabularResult, preloginResponse());
      if (type === packetType.login7) {
        const attempt = parseLogin7(payload);
        const database = attempt.database === '' ? (options.databases[0] ?? 'master') : attempt.database;
        if (options.logins[attempt.user] !== attempt.password) {
          const refusal = errorToken({ number: 18456, message: `Login failed for user '${attempt.user}'.` });
          return send(packetType.tabularResult, Buffer.concat([refusal, done(token.done, doneStatus.error)]));
        }
        if (!options.databases.includes(database)) {
          const refusal = errorToken({ number: 4060, message: `Cannot open database "${database}" requested by the login. The login failed.` });
          return send(packetType.tabularResult, Buffer.concat([refusal, done(token.done, doneStatus.error)]));
        }
        login = { ...attempt, database };
        const databaseChange = lengthPrefixed(token.envChange, Buffer.concat([Buffer.from([1]), bVarchar(database), bVarchar('master')]));
        // Interface 1 (T-SQL), TDS 7.4 (big-endian in LOGINACK), program name and version.
        const ack = lengthPrefixed(token.loginAck, Buffer.concat([Buffer.from([1, 0x74, 0x00, 0x00, 0x04]), bVarchar('Microsoft SQL Server'), Buffer.from([16, 0, 0x03, 0xe8])]));
        return send(packetType.tabularResult, Buffer.concat([databaseChange, ack, done(token.done, doneStatus.final)]));
      }
      if (type === packetType.attention) {
        statements.push('ATTENTION');
        return send(packetType.tabularResult, done(token.done, doneStatus.attention));
      }
      if (type === packetType.transactionManager) {
        const request = transactionRequests.get(payload.readUInt16LE(afterHeaders(payload)));
        if (request === undefined) throw new Error('The TDS fake begins, commits and rolls back transactions only.');
        statements.push(request.marker);
        // BEGIN gives the client a transaction descriptor (new value); COMMIT and ROLLBACK take it back (old value).
        const descriptor = Buffer.from([8, 1, 0, 0, 0, 0, 0, 0, 0]);
        const values = request.envChange === 8 ? [descriptor, Buffer.from([0])] : [Buffer.from([0]), descriptor];
        return send(packetType.tabularResult, Buffer.concat([lengthPrefixed(token.envChange, Buffer.concat([Buffer.from([request.envChange]), ...values])), done(token.done, doneStatus.final)]));
      }
      if (login === undefined) {
        socket.destroy();
        return;
      }
      const rpc = type === packetType.rpc;
      const { sql, values } = rpc ? parseRpc(payload) : { sql: payload.subarray(afterHeaders(payload)).toString('utf16le'), values: {} };
      statements.push(sql);
      const answer = builtInAnswer(sql) ?? options.answer?.(sql, { ...values }) ?? { number: 208, message: `Invalid object name in '${sql.slice(0, 40)}' (the TDS fake knows no such statement).` };
      const ending = (status: number, count = 0): Buffer[] =>
        rpc ? [done(token.doneInProc, status, count), Buffer.concat([Buffer.from([token.returnStatus]), uint32(0)]), done(token.doneProc, status & doneStatus.error)] : [done(token.done, status, count)];
      if (answer === noAnswer) return;
      if (isError(answer)) return send(packetType.tabularResult, Buffer.concat([errorToken(answer), ...ending(doneStatus.error)]));
      if (answer.columns.length === 0) {
        const status = answer.affected === undefined ? doneStatus.final : doneStatus.count;
        return send(packetType.tabularResult, Buffer.concat(ending(status, answer.affected ?? 0)));
      }
      return send(packetType.tabularResult, Buffer.concat([...resultTokens(answer), ...ending(doneStatus.count, answer.rows.length)]));
    };
    socket.on('data', (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      while (pending.length >= 8 && pending.length >= pending.readUInt16BE(2)) {
        const length = pending.readUInt16BE(2);
        const type = pending.readUInt8(0);
        const last = (pending.readUInt8(1) & 0x01) === 0x01;
        message.push(pending.subarray(8, length));
        pending = pending.subarray(length);
        if (!last) continue;
        const payload = Buffer.concat(message);
        message = [];
        respond(type, payload);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The TDS fake has no TCP port.');
  return {
    port: address.port,
    statements,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
