/**
 * Encryption at rest for secret values: AES-256-GCM with a random IV per value and the
 * secret's name and mode as associated data, so a ciphertext copied to another secret
 * or mode fails to decrypt instead of silently yielding the wrong credential.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ZiggyError } from '../core/errors.ts';
import type { Mode } from '../core/mode.ts';
import type { EncryptedValue } from '../store/types.ts';

const algorithm = 'aes-256-gcm';
const formatVersion = 'v1';
const keyLength = 32;
const ivLength = 12;
const tagLength = 16;

function associatedData(name: string, mode: Mode): Buffer {
  return Buffer.from(`ziggy-secret:${formatVersion}:${name}:${mode}`, 'utf8');
}

function assertKey(key: Buffer): void {
  if (key.length !== keyLength) {
    throw new ZiggyError('internal', `The master key must be ${keyLength} bytes long.`);
  }
}

function decryptFailure(name: string, mode: Mode): ZiggyError {
  return new ZiggyError(
    'internal',
    `Secret "${name}" (${mode}) could not be decrypted: the master key does not match or the value was altered.`,
    { name, mode },
  );
}

export function encryptSecret(key: Buffer, name: string, mode: Mode, plaintext: string): EncryptedValue {
  assertKey(key);
  const iv = randomBytes(ivLength);
  const cipher = createCipheriv(algorithm, key, iv, { authTagLength: tagLength });
  cipher.setAAD(associatedData(name, mode));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [formatVersion, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':');
}

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

export function decryptSecret(key: Buffer, name: string, mode: Mode, value: EncryptedValue): string {
  assertKey(key);
  const parts = value.split(':');
  if (parts.length !== 4 || parts[0] !== formatVersion || !parts.slice(1).every((part) => base64Pattern.test(part))) {
    throw decryptFailure(name, mode);
  }
  const iv = Buffer.from(parts[1] ?? '', 'base64');
  const tag = Buffer.from(parts[2] ?? '', 'base64');
  const ciphertext = Buffer.from(parts[3] ?? '', 'base64');
  if (iv.length !== ivLength || tag.length !== tagLength) throw decryptFailure(name, mode);
  try {
    const decipher = createDecipheriv(algorithm, key, iv, { authTagLength: tagLength });
    decipher.setAAD(associatedData(name, mode));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw decryptFailure(name, mode);
  }
}
