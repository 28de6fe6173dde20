/**
 * `ziggy store copy`: moves a whole installation from one store to another, row by row as
 * stored. Secret values stay the ciphertexts they are (this module never sees the master
 * key), password and token hashes stay hashes, and ids, times and revision numbers are kept.
 */
import { isZiggyError, ZiggyError } from '../../core/errors.ts';
import { unavailable } from '../open.ts';
import { withoutPassword } from '../url.ts';
import type { CopySource, CopyTarget } from './endpoints.ts';
import type { StoreLocation } from './locations.ts';
import { openPostgresSource, openPostgresTarget } from './postgres-endpoint.ts';
import { openSqliteSource, openSqliteTarget } from './sqlite-endpoint.ts';
import { copiedTables } from './tables.ts';
import { describeHeld, describeMismatches, mismatchedCounts, type TableCount } from './verify.ts';

export interface CopyStoreOptions {
  from: StoreLocation;
  to: StoreLocation;
  /** Rows read and written at a time; default 1000. */
  batchSize?: number;
}

export interface StoreCopy {
  /** Both locations as shown: a PostgreSQL URL without its password. */
  from: string;
  to: string;
  /** Per table, in copy order: the rows in the source's snapshot and in the target after the copy. */
  tables: TableCount[];
  durationMs: number;
}

const defaultBatchSize = 1000;

/** Runs `open`, turning a driver failure (unreachable server, refused login) into a clear error naming the option. */
async function opened<T>(location: StoreLocation, option: string, open: () => T | Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (isZiggyError(error) || location.kind !== 'postgres') throw error;
    throw unavailable({ url: location.url, from: option }, error);
  }
}

function openSource(location: StoreLocation): Promise<CopySource> {
  return opened(location, '--from', () =>
    location.kind === 'sqlite' ? openSqliteSource(location) : openPostgresSource(location),
  );
}

function openTarget(location: StoreLocation): Promise<CopyTarget> {
  return opened(location, '--to', () =>
    location.kind === 'sqlite' ? openSqliteTarget(location) : openPostgresTarget(location),
  );
}

async function checkSourceVersion(source: CopySource): Promise<void> {
  const version = await source.schemaVersion();
  if (version === 0) {
    throw new ZiggyError('bad_input', `--from ${source.location.shown} holds no Ziggy store (it records no schema version).`, {
      field: '--from',
    });
  }
  if (version < source.knownVersion) {
    throw new ZiggyError(
      'bad_input',
      `--from ${source.location.shown} has schema version ${version}, but this Ziggy writes version ${source.knownVersion}: ` +
        'run `ziggy store migrate` on it first, then copy.',
      { field: '--from', schemaVersion: version, knownVersion: source.knownVersion },
    );
  }
  if (version > source.knownVersion) {
    throw new ZiggyError(
      'bad_input',
      `--from ${source.location.shown} has schema version ${version}, written by a newer Ziggy than this one ` +
        `(which knows versions up to ${source.knownVersion}): copy it with that version of Ziggy.`,
      { field: '--from', schemaVersion: version, knownVersion: source.knownVersion },
    );
  }
}

async function refuseHeldData(target: CopyTarget): Promise<void> {
  // One after another: the target runs everything on the one client that holds its transaction.
  const counts: TableCount[] = [];
  for (const table of copiedTables) counts.push({ table: table.name, source: 0, target: await target.count(table) });
  const held = describeHeld(counts);
  if (held === '') return;
  throw new ZiggyError(
    'bad_input',
    `--to ${target.location.shown} already holds data (${held}): a store is copied only into an empty one. ` +
      'Give a new database or data dir.',
    { field: '--to' },
  );
}

async function copyTables(source: CopySource, target: CopyTarget, batchSize: number): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const table of copiedTables) {
    const inSource = await source.count(table);
    for await (const batch of source.rows(table, batchSize)) await target.insert(table, batch);
    counts.push({ table: table.name, source: inSource, target: await target.count(table) });
  }
  await target.moveIdentityCounters();
  const mismatches = mismatchedCounts(counts);
  if (mismatches.length > 0) {
    throw new ZiggyError('internal', `The copy does not match its source: ${describeMismatches(mismatches)}.`, { tables: counts });
  }
  return counts;
}

/** A driver error mid-copy, without either URL's password, saying that the target was left as it was. */
function copyFailure(error: unknown, options: CopyStoreOptions): unknown {
  if (isZiggyError(error) && error.id !== 'internal') return error;
  const cause = error instanceof Error ? error.message || error.name : String(error);
  const cleaned = [options.from, options.to].reduce(
    (text, location) => (location.kind === 'postgres' ? withoutPassword(text, location.url) : text),
    cause,
  );
  return new ZiggyError(
    'internal',
    `Copying ${options.from.shown} to ${options.to.shown} failed: ${cleaned}${/[.:]$/.test(cleaned) ? '' : '.'} ` +
      'Nothing was committed: the target is as it was.',
    isZiggyError(error) ? error.details : undefined,
  );
}

export async function copyStore(options: CopyStoreOptions): Promise<StoreCopy> {
  if (options.from.shown === options.to.shown) {
    throw new ZiggyError('bad_input', `--from and --to are the same store (${options.from.shown}).`, { field: '--to' });
  }
  const started = performance.now();
  const source = await openSource(options.from);
  try {
    await checkSourceVersion(source);
    const target = await openTarget(options.to);
    try {
      const tables = await source.snapshot(() =>
        target.transaction(async () => {
          await refuseHeldData(target);
          return copyTables(source, target, options.batchSize ?? defaultBatchSize);
        }),
      );
      return { from: options.from.shown, to: options.to.shown, tables, durationMs: Math.round(performance.now() - started) };
    } catch (error) {
      throw copyFailure(error, options);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
