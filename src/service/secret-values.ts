import type { Mode } from '../core/index.ts';
import { decryptSecret } from '../secrets/crypto.ts';
import type { Redactor } from '../secrets/redactor.ts';
import type { SecretStore } from '../store/types.ts';

/**
 * The only way a secret value leaves the store: decryption for a run, a test or the
 * package API. Every value decrypted here is registered with the redactor first, so it
 * is scrubbed from anything this process later reports.
 */
export interface SecretValues {
  /** The value for a mode (prod falls back to dev), or undefined when the secret does not exist. */
  value(name: string, mode: Mode): Promise<string | undefined>;
  /** Values of several secrets at once; missing ones are absent from the map. */
  values(names: Iterable<string>, mode: Mode): Promise<Map<string, string>>;
}

export function createSecretValues(store: SecretStore, masterKey: Buffer, redactor: Redactor): SecretValues {
  async function value(name: string, mode: Mode): Promise<string | undefined> {
    const record = await store.get(name);
    if (!record) return undefined;
    const useProd = mode === 'prod' && record.prod !== null;
    const plaintext = useProd
      ? decryptSecret(masterKey, name, 'prod', record.prod ?? '')
      : decryptSecret(masterKey, name, 'dev', record.dev);
    redactor.add(plaintext);
    return plaintext;
  }

  async function values(names: Iterable<string>, mode: Mode): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const name of new Set(names)) {
      const plaintext = await value(name, mode);
      if (plaintext !== undefined) found.set(name, plaintext);
    }
    return found;
  }

  return { value, values };
}
