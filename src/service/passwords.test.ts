import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ZiggyError } from '../core/index.ts';
import { assertPasswordRules, hashPassword, randomSecret, sha256Hex, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('hashes with scrypt N=2^15, r=8, p=1, a 16-byte salt and a 32-byte key', async () => {
    const encoded = await hashPassword('correct horse battery staple');
    const [scheme, n, r, p, salt, key] = encoded.split('$');
    assert.deepEqual([scheme, n, r, p], ['scrypt', '32768', '8', '1']);
    assert.equal(Buffer.from(salt ?? '', 'base64').length, 16);
    assert.equal(Buffer.from(key ?? '', 'base64').length, 32);
    assert.ok(!encoded.includes('correct horse'));
    assert.notEqual(await hashPassword('correct horse battery staple'), encoded, 'a fresh salt per hash');
  });

  it('verifies the right password and rejects a wrong one or a malformed hash', async () => {
    const encoded = await hashPassword('correct horse battery staple');
    assert.equal(await verifyPassword('correct horse battery staple', encoded), true);
    assert.equal(await verifyPassword('correct horse battery stapl', encoded), false);
    assert.equal(await verifyPassword('correct horse battery staple', encoded.replace('scrypt$', 'bcrypt$')), false);
    assert.equal(await verifyPassword('correct horse battery staple', 'scrypt$3$8$1$AAAA$AAAA'), false, 'N not a power of 2');
    assert.equal(await verifyPassword('x', ''), false);
  });

  it('treats composed and decomposed Unicode spellings of a password alike', async () => {
    const encoded = await hashPassword('caf\u00e9-au-lait-please');
    assert.equal(await verifyPassword('cafe\u0301-au-lait-please', encoded), true);
  });

  it('requires at least 12 characters, naming the field', () => {
    assert.throws(() => assertPasswordRules('elevenchars', 'newPassword'), (error: unknown) => {
      assert.ok(error instanceof ZiggyError);
      assert.equal(error.id, 'bad_input');
      assert.equal(error.message, 'The password must be at least 12 characters long.');
      assert.deepEqual(error.details, { field: 'newPassword' });
      return true;
    });
    assertPasswordRules('twelve chars');
    assert.throws(() => assertPasswordRules('x'.repeat(1025)), /at most 1024 characters/);
  });

  it('makes 256-bit url-safe secrets and hex sha256 digests', () => {
    const secret = randomSecret();
    assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(randomSecret(), secret);
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
