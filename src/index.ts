/**
 * The package API for Node.js programs:
 *
 *   const hub = await openHub({ dataDir: './data' });
 *   const pool = await hub.connections.get('northwind', { mode: 'prod' }); // a live pg.Pool
 *   await hub.close();
 */
import { ZiggyError, parseMode, type Mode } from './core/index.ts';
import { ClientCache } from './runtime/index.ts';
import { connectionResolver } from './service/connection-clients.ts';
import { openServices, type OpenedServices } from './service/index.ts';
import { runProgramOperation, type ProgramOperationOptions } from './service/program-operations.ts';

export { ZiggyError, isZiggyError, parseMode, type Mode, type TestResult } from './core/index.ts';
export type { Services } from './service/index.ts';

export interface OpenHubOptions {
  /** Default: `ZIGGY_DATA_DIR` or `./data`. */
  dataDir?: string;
  /** The mode used when a call names none. Default: `ZIGGY_MODE`, else the server-wide default mode setting (`dev` unless set). */
  mode?: Mode | 'DEV' | 'PROD';
  /** Close clients unused this long. Default 5 minutes. */
  idleMs?: number;
  /** How long a resolved config is trusted before checking for changes made by another process. Default 1 s. */
  revalidateMs?: number;
  env?: Record<string, string | undefined>;
}

export interface ModeOption {
  mode?: Mode | 'DEV' | 'PROD';
}

export interface Hub {
  /** The default mode of this hub. */
  mode: Mode;
  connections: {
    /** The live client of a connection (a `pg.Pool`, an SFTP client…), cached and pooled. */
    get<Client = unknown>(name: string, options?: ModeOption): Promise<Client>;
    /** Runs work with the client held: an edit during the work does not close it under you. */
    use<Client = unknown, T = unknown>(name: string, work: (client: Client) => Promise<T>, options?: ModeOption): Promise<T>;
  };
  operations: {
    /**
     * Runs a connection's operation (the SQL Block's `insert`, the File Reader's `fileRead`…) on
     * the cached client. A streamed result (`batchSize`) is an async iterable of batches that holds
     * the client until it is read to the end or left with `break`.
     */
    run(connection: string, operation: string, params?: Record<string, unknown>, options?: ModeOption & ProgramOperationOptions): Promise<unknown>;
  };
  secrets: {
    /** A secret's value in a mode (prod falls back to dev). */
    get(name: string, options?: ModeOption): Promise<string>;
  };
  /** The services behind the hub: manage connections and secrets from code. */
  services: OpenedServices;
  /** Closes every client and the store. */
  close(): Promise<void>;
}

export async function openHub(options: OpenHubOptions = {}): Promise<Hub> {
  const env = options.env ?? process.env;
  const services = await openServices({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), env });
  const mode = parseMode(options.mode ?? env['ZIGGY_MODE'] ?? (await services.settings.get()).defaultMode);
  const cache = new ClientCache({
    resolve: connectionResolver(services),
    ...(options.idleMs !== undefined ? { idleMs: options.idleMs } : {}),
    ...(options.revalidateMs !== undefined ? { revalidateMs: options.revalidateMs } : {}),
  });
  // A secret can feed any connection: every change makes the next use check its fingerprint again.
  services.onChange(() => cache.invalidate());
  const modeOf = (option?: ModeOption) => (option?.mode ? parseMode(option.mode) : mode);

  return {
    mode,
    connections: {
      get: async <Client>(name: string, option?: ModeOption) => (await cache.get(name, modeOf(option))) as Client,
      use: <Client, T>(name: string, work: (client: Client) => Promise<T>, option?: ModeOption) =>
        cache.use(name, modeOf(option), (client) => work(client as Client)),
    },
    operations: {
      run: (connection, operation, params = {}, option = {}) =>
        runProgramOperation({ cache, store: services.store, findConnector: services.findConnector }, { connection, operation, params, mode: modeOf(option) }, option),
    },
    secrets: {
      async get(name, option) {
        const value = await services.secretValues.value(name, modeOf(option));
        if (value === undefined) throw new ZiggyError('secret_not_found', `Secret "${name}" does not exist.`, { name });
        return value;
      },
    },
    services,
    async close() {
      await cache.close();
      await services.close();
    },
  };
}
