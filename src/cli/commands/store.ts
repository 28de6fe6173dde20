import path from 'node:path';
import type { Command } from 'commander';
import { resolveDataDir } from '../../service/data-dir.ts';
import type { CliContext, GlobalOptions } from '../context.ts';
import { renderTable } from '../output/table.ts';

export function registerStoreCommands(program: Command, context: CliContext): void {
  const store = program.command('store').description('the store itself: SQLite in the data dir, or PostgreSQL by ZIGGY_STORE_URL');
  store
    .command('migrate')
    .description('apply the pending store migrations and print them (start-up applies them too)')
    .option('--store <url>', 'a postgres:// URL (default: $ZIGGY_STORE_URL, else the SQLite file in the data dir)')
    .action(async (options: { store?: string }) => {
      // Loaded on use, as context.ts does, so help and usage errors never load the services or a database driver.
      const { databaseFileName } = await import('../../service/index.ts');
      const { migrateStoreFor } = await import('../../store/index.ts');
      const { dataDir } = program.opts<GlobalOptions>();
      const sqliteFile = path.join(resolveDataDir(dataDir, context.io.env), databaseFileName);
      const migration = await migrateStoreFor(
        options.store === undefined ? { sqliteFile } : { sqliteFile, storeUrl: options.store },
        context.io.env,
      );
      if (context.json) return context.printJson(migration);
      const lines = migration.applied.map((applied) => `applied ${applied.version}: ${applied.name}\n`);
      context.out(`${migration.store} store ${migration.location}\n`);
      context.out(lines.length === 0 ? 'up to date: no migration to apply\n' : lines.join(''));
    });
  store
    .command('copy')
    .description('copy a whole installation into an empty store (secrets stay encrypted), then check the row counts')
    .requiredOption('--from <store>', 'sqlite:<data dir> (or sqlite:<file>.db), or a postgres:// URL')
    .requiredOption('--to <store>', 'an empty store, as --from: sqlite:<new data dir> or postgres://…; migrated first')
    .action(async (options: { from: string; to: string }) => {
      const { copyStore, parseStoreLocation } = await import('../../store/copy/index.ts');
      const copy = await copyStore({ from: parseStoreLocation(options.from, '--from'), to: parseStoreLocation(options.to, '--to') });
      if (context.json) return context.printJson(copy);
      const rows = copy.tables.map((table) => [table.table, String(table.source), String(table.target)]);
      const total = copy.tables.reduce((sum, table) => sum + table.target, 0);
      context.out(`copied ${copy.from} to ${copy.to}\n`);
      context.out(renderTable(['table', 'source', 'target'], rows));
      context.out(`${total} rows in ${copy.durationMs} ms; every count matches\n`);
    });
}
