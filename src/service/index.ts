import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { connectors } from '../connectors/index.ts';
import { createNpmModuleConnector } from '../connectors/npm-module/connector.ts';
import { createRegistry, type ConnectorRegistry } from '../connectors/registry.ts';
import type { AnyConnector } from '../core/index.ts';
import { blockIsolation, type BlockIsolation } from '../runtime/index.ts';
import { loadMasterKey } from '../secrets/master-key.ts';
import { Redactor } from '../secrets/redactor.ts';
import type { JobQueue } from '../queue/types.ts';
import { openStoreFor, postgresUrlFor } from '../store/index.ts';
import type { Store } from '../store/types.ts';
import { createAuthService } from './auth.ts';
import type { AuthService, Principal, SettingsService, TokenService, UserService } from './auth-types.ts';
import { createCallerServices, type CallerServices } from './caller-services.ts';
import { createBlockService } from './blocks.ts';
import { connectionResolver } from './connection-clients.ts';
import { createConnectionTester } from './connection-tests.ts';
import { createTypeService } from './connection-types.ts';
import { createConnectionService } from './connections.ts';
import { resolveDataDir } from './data-dir.ts';
import { createFileService } from './files.ts';
import { loginKeyFromMasterKey } from './login-limiter.ts';
import { createPluginService, loadPlugins, pluginsToLoad, type PluginLoad, type PluginService } from './plugins/index.ts';
import { resolveRunOptions } from './run-options.ts';
import { createRunService, type RunExecution } from './runs.ts';
import { openRunQueue, reapEvery, resolveRunOn } from './run-queue.ts';
import { createSecretService } from './secrets.ts';
import { createServerClients } from './server-clients.ts';
import { createSecretUsage } from './secret-usage.ts';
import { createSecretValues, type SecretValues } from './secret-values.ts';
import { createSettingsService } from './settings.ts';
import { createTokenService } from './tokens.ts';
import { createUserService } from './users.ts';
import type { OpenServicesOptions, RunOn, Services } from './types.ts';

export type * from './types.ts';
export type * from './auth-types.ts';
export type * from './run-types.ts';
export type { CallerServices } from './caller-services.ts';

/** What the runtime and the package API need beyond the public services. */
export interface OpenedServices extends Services {
  dataDir: string;
  masterKeySource: 'env' | 'file' | 'generated';
  store: Store;
  redactor: Redactor;
  secretValues: SecretValues;
  findConnector(id: string): AnyConnector;
  /** The connection types of this process: the built-ins and the plugins that loaded at open. */
  registry: ConnectorRegistry;
  plugins: PluginService;
  /** What the recorded plugins gave at open, including those that failed to load and why. */
  pluginLoad: PluginLoad;
  /**
   * Called with a connection or secret name after every change made through these services or
   * by another process on a shared store; with undefined when such changes may have been missed.
   */
  onChange(listener: (name: string | undefined) => void): void;
  auth: AuthService;
  users: UserService;
  tokens: TokenService;
  settings: SettingsService;
  /** How block code is contained, probed once at open: `ziggy serve` and /healthz report it. */
  isolation: BlockIsolation;
  /** Where runs execute; with `workers`, `queue` is the queue they are handed to. */
  runOn: RunOn;
  queue?: JobQueue;
  /** The PostgreSQL store's URL (with its password: never print it), for processes that open the queue; undefined on SQLite. */
  postgresUrl?: string;
  /** What a worker does with the runs it takes from the queue. */
  runExecution: RunExecution;
  /** The services as this caller may use them: every use case checks the caller's role in the mode it acts in. */
  as(principal: Principal): CallerServices;
}

export const databaseFileName = 'ziggy.db';

export async function openServices(options: OpenServicesOptions = {}): Promise<OpenedServices> {
  const env = options.env ?? process.env;
  const dataDir = resolveDataDir(options.dataDir, env);
  // Checked before anything is opened, so a bad limit fails the start with nothing to clean up.
  const runOptions = resolveRunOptions(options.runs, env);
  const postgresUrl = postgresUrlFor(options.storeUrl === undefined ? {} : { storeUrl: options.storeUrl }, env);
  const runOn = resolveRunOn(options.runOn, env, postgresUrl);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const { key, source } = await loadMasterKey({ dataDir, env });
  const sqliteFile = path.join(dataDir, databaseFileName);
  const store = await openStoreFor({ sqliteFile, storeUrl: options.storeUrl, migrate: options.storeMigrate }, env);
  const redactor = new Redactor();
  const listeners: Array<(name: string | undefined) => void> = [];
  const changed = (name: string) => {
    for (const listener of listeners) listener(name);
    void store.changes.publish(name);
  };
  const onChange = (listener: (name: string | undefined) => void): void => {
    listeners.push(listener);
    store.changes.subscribe(listener);
  };

  // The registry is built here, once, from the built-ins and the plugins recorded in the store.
  const pluginsDir = path.join(dataDir, 'plugins');
  const pluginLoad = await loadPlugins(pluginsDir, await pluginsToLoad(store), connectors.map((connector) => connector.id));
  const builtIns = connectors.map((connector) => (connector.id === 'npm-module' ? createNpmModuleConnector(pluginLoad.modules) : connector));
  const registry = createRegistry(builtIns, pluginLoad.connectors, pluginsDir);
  const types = createTypeService(registry.all);
  const secretValues = createSecretValues(store.secrets, key, redactor);
  const settings = createSettingsService(store);
  const defaultMode = async () => (await settings.get()).defaultMode;
  const tester = createConnectionTester(store, types.find, secretValues, redactor, defaultMode);
  const usage = createSecretUsage(store.connections);
  const isolation = blockIsolation(runOptions.isolation);

  let queue: JobQueue | undefined;
  try {
    queue = runOn === 'workers' && postgresUrl !== undefined ? await openRunQueue(postgresUrl) : undefined;
  } catch (error) {
    await store.close();
    throw error;
  }

  const resolveConnection = connectionResolver({ store, findConnector: types.find, secretValues });
  const clients = createServerClients({ resolveConnection, redactor, onChange });
  const runs = createRunService({
    store,
    redactor,
    secretValues,
    resolveConnection,
    findConnector: types.find,
    plugins: registry,
    clients,
    logsDir: path.join(dataDir, 'logs'),
    options: runOptions,
    isolation,
    defaultMode,
    ...(queue === undefined ? {} : { queue }),
  });
  // Runs of workers that died are recorded as failed by whichever process notices first; servers look too, in case no worker is left.
  const reaper = queue === undefined ? undefined : reapEvery(queue, runs);

  const services: OpenedServices = {
    dataDir,
    masterKeySource: source,
    store,
    redactor,
    secretValues,
    findConnector: types.find,
    registry,
    plugins: createPluginService({ store, pluginsDir, registry, load: pluginLoad }),
    pluginLoad,
    onChange,
    connections: createConnectionService(store, types.find, tester, changed),
    secrets: createSecretService(store, key, usage, changed),
    audit: { list: (filter) => store.audit.list(filter) },
    types,
    auth: createAuthService(store, { loginKey: loginKeyFromMasterKey(key) }),
    users: createUserService(store),
    tokens: createTokenService(store),
    settings,
    as: (principal) => createCallerServices({ services, store, defaultMode }, principal),
    blocks: createBlockService(store),
    runs,
    files: createFileService({ store, findConnector: types.find, clients, defaultMode }),
    isolation,
    runOn,
    ...(queue === undefined ? {} : { queue }),
    ...(postgresUrl === undefined ? {} : { postgresUrl }),
    runExecution: runs,
    async close() {
      try {
        await reaper?.stop();
        await runs.close();
        await clients.close();
      } finally {
        await queue?.close();
        await store.close();
      }
    },
  };
  return services;
}
