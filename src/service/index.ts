import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { connectors } from '../connectors/index.ts';
import { createNpmModuleConnector } from '../connectors/npm-module/connector.ts';
import { createRegistry, type ConnectorRegistry } from '../connectors/registry.ts';
import type { AnyConnector } from '../core/index.ts';
import { blockIsolation, type BlockIsolation } from '../runtime/index.ts';
import { loadMasterKey } from '../secrets/master-key.ts';
import { Redactor } from '../secrets/redactor.ts';
import { openStoreFor } from '../store/index.ts';
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
import { createPluginService, loadPlugins, readPluginRecords, type PluginLoad, type PluginService } from './plugins/index.ts';
import { resolveRunOptions } from './run-options.ts';
import { createRunService } from './runs.ts';
import { createSecretService } from './secrets.ts';
import { createServerClients } from './server-clients.ts';
import { createSecretUsage } from './secret-usage.ts';
import { createSecretValues, type SecretValues } from './secret-values.ts';
import { createSettingsService } from './settings.ts';
import { createTokenService } from './tokens.ts';
import { createUserService } from './users.ts';
import type { OpenServicesOptions, Services } from './types.ts';

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
  /** Called with a connection or secret name after every change made through these services. */
  onChange(listener: (name: string) => void): void;
  auth: AuthService;
  users: UserService;
  tokens: TokenService;
  settings: SettingsService;
  /** How block code is contained, probed once at open: `ziggy serve` and /healthz report it. */
  isolation: BlockIsolation;
  /** The services as this caller may use them: every use case checks the caller's role in the mode it acts in. */
  as(principal: Principal): CallerServices;
}

export const databaseFileName = 'ziggy.db';

export async function openServices(options: OpenServicesOptions = {}): Promise<OpenedServices> {
  const env = options.env ?? process.env;
  const dataDir = resolveDataDir(options.dataDir, env);
  // Checked before anything is opened, so a bad limit fails the start with nothing to clean up.
  const runOptions = resolveRunOptions(options.runs, env);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const { key, source } = await loadMasterKey({ dataDir, env });
  const sqliteFile = path.join(dataDir, databaseFileName);
  const store = await openStoreFor(options.storeUrl === undefined ? { sqliteFile } : { sqliteFile, storeUrl: options.storeUrl }, env);
  const redactor = new Redactor();
  const listeners: Array<(name: string) => void> = [];
  const changed = (name: string) => {
    for (const listener of listeners) listener(name);
  };

  // The registry is built here, once, from the built-ins and the plugins recorded in the store.
  const pluginsDir = path.join(dataDir, 'plugins');
  const pluginLoad = await loadPlugins(pluginsDir, await readPluginRecords(store.settings), connectors.map((connector) => connector.id));
  const builtIns = connectors.map((connector) => (connector.id === 'npm-module' ? createNpmModuleConnector(pluginLoad.modules) : connector));
  const registry = createRegistry(builtIns, pluginLoad.connectors, pluginsDir);
  const types = createTypeService(registry.all);
  const secretValues = createSecretValues(store.secrets, key, redactor);
  const settings = createSettingsService(store);
  const defaultMode = async () => (await settings.get()).defaultMode;
  const tester = createConnectionTester(store, types.find, secretValues, redactor, defaultMode);
  const usage = createSecretUsage(store.connections);
  const isolation = blockIsolation(runOptions.isolation);

  const resolveConnection = connectionResolver({ store, findConnector: types.find, secretValues });
  const clients = createServerClients({ resolveConnection, redactor, onChange: (listener) => listeners.push(listener) });
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
  });

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
    onChange: (listener) => listeners.push(listener),
    connections: createConnectionService(store, types.find, tester, changed),
    secrets: createSecretService(store, key, usage, changed),
    audit: { list: (filter) => store.audit.list(filter) },
    types,
    auth: createAuthService(store),
    users: createUserService(store),
    tokens: createTokenService(store),
    settings,
    as: (principal) => createCallerServices({ services, store, defaultMode }, principal),
    blocks: createBlockService(store),
    runs,
    files: createFileService({ store, findConnector: types.find, clients, defaultMode }),
    isolation,
    async close() {
      try {
        await runs.close();
        await clients.close();
      } finally {
        await store.close();
      }
    },
  };
  return services;
}
