import { parseConfig, secretNames } from '../core/index.ts';
import type { ConnectionRecord, ConnectionStore } from '../store/types.ts';

/** Which connections reference which secrets, read from the stored config sources. */
export interface SecretUsage {
  /** Secret name → names of the connections that reference it, in either mode. */
  all(): Promise<Map<string, string[]>>;
  of(secret: string): Promise<string[]>;
}

/** Secret names a connection references in any mode; a source that no longer parses references nothing. */
export function referencedSecrets(record: Pick<ConnectionRecord, 'devSource' | 'prodSource'>): Set<string> {
  const names = new Set<string>();
  for (const source of [record.devSource, record.prodSource]) {
    if (source === null) continue;
    try {
      for (const name of secretNames(parseConfig(source))) names.add(name);
    } catch {
      // Stored sources were valid when saved; a parser change must not break listing secrets.
    }
  }
  return names;
}

export function createSecretUsage(connections: ConnectionStore): SecretUsage {
  async function all(): Promise<Map<string, string[]>> {
    const usage = new Map<string, string[]>();
    for (const record of await connections.list()) {
      for (const name of referencedSecrets(record)) {
        usage.set(name, [...(usage.get(name) ?? []), record.name]);
      }
    }
    return usage;
  }
  return {
    all,
    async of(secret) {
      return (await all()).get(secret) ?? [];
    },
  };
}
