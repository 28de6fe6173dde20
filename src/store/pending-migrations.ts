/** Pending migrations as either store's `health()` lists them: `<version>: <name>`. */
export function pendingMigrations(migrations: readonly { version: number; name: string }[], schemaVersion: number): string[] {
  return migrations.filter((migration) => migration.version > schemaVersion).map(({ version, name }) => `${version}: ${name}`);
}
