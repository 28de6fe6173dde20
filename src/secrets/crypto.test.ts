import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret } from './crypto.ts';
import { ZiggyError } from '../core/errors.ts';

const key = randomBytes(32);
const plaintext = 'p@ss:w0rd/ünïcode';

function assertDecryptFails(run: () => unknown, name: string, mode: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ZiggyError);
    assert.equal(error.id, 'internal');
    assert.equal(
      error.message,
      `Secret "${name}" (${mode}) could not be decrypted: the master key does not match or the value was altered.`,
    );
    assert.ok(!JSON.stringify(error.toJSON()).includes(plaintext));
    assert.ok(!String(error.stack).includes(plaintext));
    return true;
  });
}

describe('encryptSecret / decryptSecret', () => {
  it('round-trips a value, including an empty one', () => {
    const encrypted = encryptSecret(key, 'DB_PASSWORD', 'dev', plaintext);
    assert.match(encrypted, /^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    assert.ok(!encrypted.includes(plaintext));
    assert.equal(decryptSecret(key, 'DB_PASSWORD', 'dev', encrypted), plaintext);
    assert.equal(decryptSecret(key, 'EMPTY', 'prod', encryptSecret(key, 'EMPTY', 'prod', '')), '');
  });

  it('uses a fresh IV for every value', () => {
    const first = encryptSecret(key, 'DB_PASSWORD', 'dev', plaintext);
    const second = encryptSecret(key, 'DB_PASSWORD', 'dev', plaintext);
    assert.notEqual(first, second);
    assert.notEqual(first.split(':')[1], second.split(':')[1]);
  });

  it('binds the value to the secret name and mode', () => {
    const encrypted = encryptSecret(key, 'DB_PASSWORD', 'dev', plaintext);
    assertDecryptFails(() => decryptSecret(key, 'OTHER', 'dev', encrypted), 'OTHER', 'dev');
    assertDecryptFails(() => decryptSecret(key, 'DB_PASSWORD', 'prod', encrypted), 'DB_PASSWORD', 'prod');
  });

  it('refuses a tampered ciphertext, tag, IV or format', () => {
    const encrypted = encryptSecret(key, 'DB_PASSWORD', 'dev', plaintext);
    const [version, iv, tag, ciphertext] = encrypted.split(':') as [string, string, string, string];
    const flipFirstByte = (b64: string): string => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64');
    };
    const tampered = [
      [version, iv, tag, flipFirstByte(ciphertext)].join(':'),
      [version, iv, flipFirstByte(tag), ciphertext].join(':'),
      [version, flipFirstByte(iv), tag, ciphertext].join(':'),
      ['v2', iv, tag, ciphertext].join(':'),
      [version, iv, tag].join(':'),
      [version, iv, tag, `${ciphertext}!`].join(':'),
      'not encrypted at all',
    ];
    for (const value of tampered) {
      assertDecryptFails(() => decryptSecret(key, 'DB_PASSWORD', 'dev', value), 'DB_PASSWORD', 'dev');
    }
  });

  it('refuses another master key', () => {
    const encrypted = encryptSecret(key, 'DB_PASSWORD', 'prod', plaintext);
    assertDecryptFails(() => decryptSecret(randomBytes(32), 'DB_PASSWORD', 'prod', encrypted), 'DB_PASSWORD', 'prod');
  });

  it('refuses a key of the wrong length', () => {
    assert.throws(() => encryptSecret(randomBytes(16), 'A', 'dev', plaintext), { id: 'internal' });
  });
});
