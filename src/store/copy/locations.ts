/**
 * Where `ziggy store copy` reads and writes: `sqlite:<data dir>` (its ziggy.db) or
 * `sqlite:<file>.db`, or a `postgres://` URL. A location is shown without its password.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { ZiggyError } from '../../core/errors.ts';
import { displayStoreUrl } from '../url.ts';

export type StoreLocation =
  | { kind: 'sqlite'; file: string; shown: string }
  | { kind: 'postgres'; url: string; shown: string };

/** The database file's name inside a data dir, as the services name it. */
const sqliteFileName = 'ziggy.db';

function sqliteFile(target: string): string {
  if (target.endsWith('.db')) return target;
  try {
    if (statSync(target).isFile()) return target;
  } catch {
    // A path that does not exist yet is a data dir to create, as `--data-dir` takes it.
  }
  return path.join(target, sqliteFileName);
}

/** `option` names where the text came from (`--from`, `--to`), as errors quote it. */
export function parseStoreLocation(text: string, option: string): StoreLocation {
  if (/^postgres(ql)?:\/\//i.test(text)) return { kind: 'postgres', url: text, shown: displayStoreUrl(text) };
  const sqlite = /^sqlite:(.+)$/i.exec(text);
  if (sqlite?.[1] !== undefined) {
    const file = path.resolve(sqliteFile(sqlite[1]));
    return { kind: 'sqlite', file, shown: `sqlite:${file}` };
  }
  const shown = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? displayStoreUrl(text) : text;
  throw new ZiggyError(
    'bad_input',
    `${option} must be sqlite:<data dir> (or sqlite:<file>.db) or a postgres:// URL, got ${shown}.`,
    { field: option },
  );
}
