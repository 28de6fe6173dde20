/**
 * Which store a process opens: the PostgreSQL store when a `postgres://` URL is given
 * (explicitly or in ZIGGY_STORE_URL), else the embedded SQLite file, the default.
 */
import { isZiggyError, ZiggyError } from '../core/errors.ts';
import type { AppliedMigration } from './postgres/index.ts';
import { migrateSqliteStore, openSqliteStore } from './sqlite/index.ts';
import type { Store } from './types.ts';
import { displayStoreUrl, withoutPassword } from './url.ts';

export { displayStoreUrl } from './url.ts';

export interface OpenStoreForOptions {
  /** The SQLite file used when no PostgreSQL URL is given. */
  sqliteFile: string;
  /** A `postgres://` URL; wins over ZIGGY_STORE_URL. */
  storeUrl?: string;
  /**
   * `manual`: open the PostgreSQL store without applying pending migrations (`ziggy store migrate` does);
   * wins over ZIGGY_STORE_MIGRATE; default `auto`. The SQLite file is always migrated on open.
   */
  migrate?: StoreMigrateMode;
}

export type StoreMigrateMode = 'auto' | 'manual';

const migrateModes: readonly StoreMigrateMode[] = ['auto', 'manual'];

function chooseMigrateMode(given: StoreMigrateMode | undefined, env: Record<string, string | undefined>): StoreMigrateMode {
  if (given !== undefined) return given;
  const fromEnv = env['ZIGGY_STORE_MIGRATE'];
  if (fromEnv === undefined || fromEnv === '') return 'auto';
  const mode = migrateModes.find((candidate) => candidate === fromEnv.trim().toLowerCase());
  if (mode !== undefined) return mode;
  throw new ZiggyError('bad_input', `ZIGGY_STORE_MIGRATE must be auto or manual, got "${fromEnv}".`, { field: 'ZIGGY_STORE_MIGRATE' });
}

export interface ChosenUrl {
  url: string;
  /** Where the URL came from, as errors name it. */
  from: string;
}

function chooseUrl(storeUrl: string | undefined, env: Record<string, string | undefined>): ChosenUrl | undefined {
  if (storeUrl !== undefined && storeUrl !== '') return { url: storeUrl, from: 'the store URL option' };
  const fromEnv = env['ZIGGY_STORE_URL'];
  return fromEnv === undefined || fromEnv === '' ? undefined : { url: fromEnv, from: 'ZIGGY_STORE_URL' };
}

function checkScheme(chosen: ChosenUrl): void {
  if (/^postgres(ql)?:\/\//i.test(chosen.url)) return;
  throw new ZiggyError(
    'bad_input',
    `${chosen.from} must be a postgres:// URL (postgres://user:password@host:5432/database), ` +
      `got ${displayStoreUrl(chosen.url)}. Unset it to use the embedded SQLite store.`,
    { field: chosen.from },
  );
}

export function unavailable(chosen: ChosenUrl, error: unknown): ZiggyError {
  const cause = error instanceof Error ? error.message || error.name : String(error);
  return new ZiggyError(
    'store_unavailable',
    `The PostgreSQL store in ${chosen.from} (${displayStoreUrl(chosen.url)}) could not be opened: ` +
      `${withoutPassword(cause, chosen.url)}. Check that PostgreSQL is running and reachable and that ${chosen.from} is right.`,
    { field: chosen.from },
  );
}

/** Runs `work` with the PostgreSQL module loaded only when needed, turning driver failures into one clear error. */
async function withPostgres<T>(
  chosen: ChosenUrl,
  work: (postgres: typeof import('./postgres/index.ts')) => Promise<T>,
): Promise<T> {
  checkScheme(chosen);
  // Loaded on demand: a SQLite installation never loads pg.
  const postgres = await import('./postgres/index.ts');
  try {
    return await work(postgres);
  } catch (error) {
    // Our own errors (a schema from a newer Ziggy) are clear already.
    if (isZiggyError(error)) throw error;
    throw unavailable(chosen, error);
  }
}

/** The PostgreSQL URL the options and environment choose, or undefined for the SQLite file; checked like `openStoreFor` checks it. */
export function postgresUrlFor(options: Pick<OpenStoreForOptions, 'storeUrl'>, env: Record<string, string | undefined>): string | undefined {
  const chosen = chooseUrl(options.storeUrl, env);
  if (chosen !== undefined) checkScheme(chosen);
  return chosen?.url;
}

export async function openStoreFor(options: OpenStoreForOptions, env: Record<string, string | undefined>): Promise<Store> {
  const chosen = chooseUrl(options.storeUrl, env);
  const migrate = chooseMigrateMode(options.migrate, env) === 'auto';
  if (chosen === undefined) return openSqliteStore({ file: options.sqliteFile });
  return withPostgres(chosen, (postgres) => postgres.openPostgresStore({ url: chosen.url, migrate }));
}

/** What `ziggy store migrate` did: which store, where (a URL without its password), and the migrations it applied. */
export interface StoreMigration {
  store: 'sqlite' | 'postgres';
  location: string;
  applied: AppliedMigration[];
}

/** Applies the pending migrations of the chosen store and returns them; start-up does the same on open. */
export async function migrateStoreFor(
  options: OpenStoreForOptions,
  env: Record<string, string | undefined>,
): Promise<StoreMigration> {
  const chosen = chooseUrl(options.storeUrl, env);
  if (chosen === undefined) {
    return { store: 'sqlite', location: options.sqliteFile, applied: migrateSqliteStore({ file: options.sqliteFile }) };
  }
  const applied = await withPostgres(chosen, (postgres) => postgres.migratePostgresStore({ url: chosen.url }));
  return { store: 'postgres', location: displayStoreUrl(chosen.url), applied };
}
