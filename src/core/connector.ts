import type { z } from 'zod';
import type { FileStoreAdapter } from './files/store.ts';

/** One step of a connection test, shown to the user as progress and as a trace. */
export interface TestStep {
  name: string;
  ok: boolean;
  durationMs: number;
  message?: string;
}

/**
 * What a connection test reports. A test never throws: every failure becomes `ok: false`
 * with a stable `code`, the config `field` most likely wrong, and a `hint`.
 */
export interface TestResult {
  ok: boolean;
  /** `ok`, or a stable failure code such as `host_not_found`, `connection_refused`, `timeout`, `auth_failed`, `tls_failed`. */
  code: string;
  message: string;
  /** Dotted path of the config field that is most likely wrong, e.g. `port` or `options.encrypt`. */
  field?: string;
  hint?: string;
  durationMs: number;
  steps: TestStep[];
  /** Facts learned on success, e.g. `{ serverVersion: '15.4' }`. */
  details?: Record<string, string | number | boolean>;
}

export interface TestContext {
  /** Aborted when the test's time runs out; connectors pass it on to their clients where they can. */
  signal: AbortSignal;
  timeoutMs: number;
}

export interface OperationContext {
  signal: AbortSignal;
  /** Where an operation may report progress or log lines. */
  log(message: string): void;
}

/**
 * A unit of work against one connection's client (a connection block such as the SQL Block's
 * SELECT). The input schema validates the block's parameters.
 */
export interface Operation<Client, Input extends z.ZodType = z.ZodType, Output = unknown> {
  label: string;
  description: string;
  input: Input;
  /**
   * Parameters that name paths on the machine running the operation (the SFTP Block's
   * `localPath`). Only a local caller may set them: a request over the API must never make
   * the server read or write its own files.
   */
  localFileParams?: readonly string[];
  run(client: Client, input: z.output<Input>, context: OperationContext): Promise<Output>;
}

/**
 * How a connector's clients live, so the client cache and the docs can treat them right:
 * - `pool`: a pool of sockets that heals itself (Postgres, MySQL, SQL Server, Snowflake);
 * - `session`: one stateful session that can drop (SFTP); checked with `isClientAlive` before reuse;
 * - `stateless`: an HTTP client with no lasting socket state (S3, Elasticsearch, OpenAI, Upsales);
 * - `expiring`: a login that expires (Salesforce, HubSpot OAuth); checked with `isClientAlive`;
 * - `socket`: a long-lived subscription socket (MQTT).
 */
export type ClientLifecycle = 'pool' | 'session' | 'stateless' | 'expiring' | 'socket';

export interface ConnectorDefinition<Schema extends z.ZodType = z.ZodType, Client = unknown> {
  /** Stable id used in stored connections and the API: `postgres`, `sftp`. */
  id: string;
  label: string;
  /** The npm module whose client this connector hands out, e.g. `pg`. */
  module: string;
  description: string;
  lifecycle: ClientLifecycle;
  /** The one schema: validation, TypeScript types, JSON Schema for the UI and docs. Coerces what users really write (e.g. `port: '22'`). */
  schema: Schema;
  /** Config source shown for a new connection of this type. */
  example: string;
  /** Dotted paths of fields that should reference a secret; a literal there gets a warning. */
  secretFields: readonly string[];
  createClient(config: z.output<Schema>): Promise<Client>;
  closeClient(client: Client): Promise<void>;
  /** For `session` and `expiring` clients: false when the cached client must be replaced. */
  isClientAlive?(client: Client): boolean;
  testConnection(config: z.output<Schema>, context: TestContext): Promise<TestResult>;
  operations: Readonly<Record<string, Operation<Client>>>;
  /** For a type that holds files: how its client becomes a file store, for `ziggy files` and the file browser. */
  files?: FileStoreAdapter<Client>;
}

/** Any connector, as held in the registry. */
export type AnyConnector = ConnectorDefinition<z.ZodType, any>;

const idPattern = /^[a-z][a-z0-9-]*$/;

/**
 * Declares a connection type. Checks the definition's shape once at load so that a
 * broken connector fails the process start, not the first user who picks it.
 */
export function defineConnector<Schema extends z.ZodType, Client>(
  definition: ConnectorDefinition<Schema, Client>,
): ConnectorDefinition<Schema, Client> {
  assertConnectorShape(definition);
  return definition;
}

/**
 * The checks of defineConnector, also applied to a plugin package's default export, whose
 * author's types the hub cannot trust: a valid id, camelCase operation names, and the
 * functions and fields every connector has. Throws an Error naming what is wrong.
 */
export function assertConnectorShape(definition: unknown): asserts definition is AnyConnector {
  if (typeof definition !== 'object' || definition === null) throw new Error('A connector must be an object made with defineConnector.');
  const candidate = definition as Record<string, unknown>;
  const id = candidate['id'];
  if (typeof id !== 'string' || !idPattern.test(id)) {
    throw new Error(`Connector id "${String(id)}" must be lower-case letters, digits and dashes.`);
  }
  for (const key of ['createClient', 'closeClient', 'testConnection']) {
    if (typeof candidate[key] !== 'function') throw new Error(`Connector "${id}": ${key} must be a function.`);
  }
  for (const key of ['label', 'module', 'description', 'lifecycle', 'example']) {
    if (typeof candidate[key] !== 'string') throw new Error(`Connector "${id}": ${key} must be a string.`);
  }
  const schema = candidate['schema'] as { safeParse?: unknown } | undefined;
  if (typeof schema?.safeParse !== 'function') throw new Error(`Connector "${id}": schema must be a zod schema.`);
  if (!Array.isArray(candidate['secretFields'])) throw new Error(`Connector "${id}": secretFields must be an array of field paths.`);
  const operations = candidate['operations'];
  if (typeof operations !== 'object' || operations === null) throw new Error(`Connector "${id}": operations must be an object.`);
  for (const name of Object.keys(operations)) {
    if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) {
      throw new Error(`Connector "${id}": operation name "${name}" must be camelCase.`);
    }
  }
}
