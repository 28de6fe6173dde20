import { createHmac, randomBytes } from 'node:crypto';

// Keyed per process so a fingerprint, were it ever shown, says nothing about the secret values it covers.
const fingerprintKey = randomBytes(32);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Equal for equal configs whatever their key order; differs when any value, secret or not, differs. */
export function configFingerprint(config: unknown): string {
  return createHmac('sha256', fingerprintKey).update(JSON.stringify(canonical(config))).digest('base64url');
}
