/**
 * Which store a process opens: the PostgreSQL store when a `postgres://` URL is given
 * (explicitly or in ZIGGY_STORE_URL), else the embedded SQLite file, the default.
 */
import { isZiggyError, ZiggyError } from '../core/errors.ts';
import type { AppliedMigration } from './postgres/index.ts';
import { migrateSqliteStore, openSqliteStore } from './sqlite/index.ts';
import type { Store } from './types.ts';

export interface OpenStoreForOptions {
  /** The SQLite file used when no PostgreSQL URL is given. */
  sqliteFile: string;
  /** A `postgres://` URL; wins over ZIGGY_STORE_URL. */
  storeUrl?: string;
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

/** The URL as errors may show it: without its password, which must never reach a log. */
export function displayStoreUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

/** Every spelling of the URL's password, so a driver message that quotes it can be cleaned. */
function passwordsIn(url: string): string[] {
  try {
    const { password } = new URL(url);
    if (password === '') return [];
    return [...new Set([password, decodeURIComponent(password)])];
  } catch {
    return [];
  }
}

export function withoutPassword(text: string, url: string): string {
  return passwordsIn(url).reduce((cleaned, password) => cleaned.split(password).join('***'), text);
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

export async function openStoreFor(options: OpenStoreForOptions, env: Record<string, string | undefined>): Promise<Store> {
  const chosen = chooseUrl(options.storeUrl, env);
  if (chosen === undefined) return openSqliteStore({ file: options.sqliteFile });
  return withPostgres(chosen, (postgres) => postgres.openPostgresStore({ url: chosen.url }));
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
