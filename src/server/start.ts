import type { AddressInfo } from 'node:net';
import type { StoreMigrateMode } from '../store/open.ts';
import type { AdminBootstrap } from '../service/auth-types.ts';
import type { RunOn } from '../service/types.ts';
import { openServices, type OpenedServices } from '../service/index.ts';
import { checkReadiness } from '../service/readiness.ts';
import { buildServer, type ServerApp } from './app.ts';
import type { ServerLoggerOptions } from './logger.ts';

export interface StartServerOptions {
  /** Default: `ZIGGY_DATA_DIR` from `env`, or `./data`. */
  dataDir?: string;
  /** Default 127.0.0.1: only this machine can connect unless told otherwise. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Where `ZIGGY_MASTER_KEY`, `ZIGGY_DATA_DIR` and `ZIGGY_ADMIN_PASSWORD` are read; default `process.env`. */
  env?: Record<string, string | undefined>;
  logger?: ServerLoggerOptions;
  trustProxy?: boolean;
  /** `manual`: start without applying pending PostgreSQL migrations (`ziggy serve --no-migrate`); default ZIGGY_STORE_MIGRATE, else `auto`. */
  storeMigrate?: StoreMigrateMode;
  /** A postgres:// URL of the shared store; default ZIGGY_STORE_URL, else SQLite in the data dir. */
  storeUrl?: string;
  /** Where runs execute; default ZIGGY_RUN_ON, else this process. */
  runOn?: RunOn;
}

export interface RunningServer {
  /** Where the API answers, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Whether the first admin was created now, and its one-time password if one was generated. */
  bootstrap: AdminBootstrap;
  /**
   * Set when the store was not ready at start (migrations pending, `storeMigrate: 'manual'`): the
   * first admin is then created once the store is migrated, and this settles with the outcome.
   */
  laterBootstrap?: Promise<AdminBootstrap>;
  services: OpenedServices;
  app: ServerApp;
  /** Stops accepting requests, lets in-flight ones finish, then closes the services. Safe to call twice. */
  close(): Promise<void>;
}

export const defaultHost = '127.0.0.1';
export const defaultPort = 8080;

/** Opens the services, creates the first admin on an empty user table, and listens. Used by `ziggy serve` and the tests. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const services = await openServices({
    dataDir: options.dataDir,
    env,
    ...(options.storeUrl === undefined ? {} : { storeUrl: options.storeUrl }),
    ...(options.runOn === undefined ? {} : { runOn: options.runOn }),
    ...(options.storeMigrate === undefined ? {} : { storeMigrate: options.storeMigrate }),
  });
  let app: ServerApp | undefined;
  const waiting = new AbortController();
  try {
    // On a store with pending migrations the users table may not exist yet: the admin waits for `ziggy store migrate`.
    const readyAtStart = (await checkReadiness(services.store)).ready;
    const bootstrap: AdminBootstrap = readyAtStart ? await services.auth.bootstrapAdmin(env) : { created: false };
    app = buildServer(services, { logger: options.logger, trustProxy: options.trustProxy });
    await app.listen({ host: options.host ?? defaultHost, port: options.port ?? defaultPort });
    const listening = app;
    let closing: Promise<void> | undefined;
    return {
      url: urlOf(listening.server.address() as AddressInfo),
      bootstrap,
      ...(readyAtStart ? {} : { laterBootstrap: bootstrapWhenReady(services, env, waiting.signal) }),
      services,
      app: listening,
      close: () => {
        waiting.abort();
        return (closing ??= listening.close().then(() => services.close()));
      },
    };
  } catch (error) {
    await app?.close();
    await services.close();
    throw error;
  }
}

const readinessPollMs = 2000;

/** Checks the store every two seconds until it is ready, then creates the first admin; creates none once `stop` aborts (the server closed). */
async function bootstrapWhenReady(services: OpenedServices, env: Record<string, string | undefined>, stop: AbortSignal): Promise<AdminBootstrap> {
  for (;;) {
    if (stop.aborted) return { created: false };
    if ((await checkReadiness(services.store)).ready && !stop.aborted) return services.auth.bootstrapAdmin(env);
    await new Promise<void>((resolve) => setTimeout(resolve, readinessPollMs).unref());
  }
}

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
