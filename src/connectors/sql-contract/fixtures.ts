import { randomBytes } from 'node:crypto';
import type { Operation, OperationContext } from '../../core/index.ts';
import type { Row, SqlDriver, Statement } from '../../core/sql/index.ts';

/** What a SQL connector hands the shared SQL contract suite: its driver and a way to reach its real server. */
export interface SqlContractFixtures<Client extends object> {
  /** The connector's SQL Block operations, as registered. */
  operations: Readonly<Record<string, Operation<Client>>>;
  driver: SqlDriver<Client>;
  /** A client (pool) of at most `max` connections to the real server on this machine. */
  openClient(max: number): Promise<Client>;
  closeClient(client: Client): Promise<void>;
  /** One statement whose rows are `{ id }` for id 1 … count, in order. */
  series(count: number): Statement;
  /** One statement that sleeps `seconds` on the server and then returns one row. */
  sleep(seconds: number): Statement;
}

/** A name no other test run uses, so test files can run in parallel against one database. */
export function uniqueName(label: string): string {
  return `${label} ${process.pid} ${randomBytes(3).toString('hex')}`;
}

export interface RecordingContext extends OperationContext {
  lines: string[];
}

export function testContext(signal = new AbortController().signal): RecordingContext {
  const lines: string[] = [];
  return { signal, lines, log: (message) => void lines.push(message) };
}

/** Test helpers bound to one fixture set and client. */
export function sqlHelpers<Client extends object>(fixtures: SqlContractFixtures<Client>, client: () => Client) {
  const { dialect } = fixtures.driver;
  const q = (name: string): string => dialect.quoteIdentifier(name);
  /** Runs statements outside the operations under test, through the driver adapter alone. */
  const sql = async (text: string, values: unknown[] = []): Promise<Row[]> => {
    const connection = await fixtures.driver.connect(client());
    try {
      return (await connection.execute({ text, values })).rows;
    } finally {
      connection.release();
    }
  };
  /** Runs an operation the way a block does: parameters through the input schema first. */
  const run = (name: string, params: unknown, context: OperationContext = testContext(), on: Client = client()): Promise<unknown> => {
    const operation = fixtures.operations[name];
    if (operation === undefined) throw new Error(`The connector has no ${name} operation.`);
    return operation.run(on, operation.input.parse(params), context);
  };
  const input = (name: string) => {
    const operation = fixtures.operations[name];
    if (operation === undefined) throw new Error(`The connector has no ${name} operation.`);
    return operation.input;
  };
  /** Every row of a table, ordered by its first column. */
  const tableRows = (table: string): Promise<Row[]> => sql(`SELECT * FROM ${q(table)} ORDER BY 1`);
  return { dialect, q, sql, run, input, tableRows };
}
