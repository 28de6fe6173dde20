/**
 * Credential hashing. Passwords are chosen by people and guessable, so they get scrypt
 * (memory-hard, salted, slow); session ids and API tokens are 256 random bits, so a
 * plain sha256 is enough and keeps the per-request lookup fast.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ZiggyError } from '../core/errors.ts';

export const minPasswordLength = 12;
// Guards scrypt's input size; no person types a longer password.
export const maxPasswordLength = 1024;

const cost = { N: 2 ** 15, r: 8, p: 1 };
const saltBytes = 16;
const keyBytes = 32;
// Refuse to spend more than this on a stored hash with other parameters (e.g. edited in the database).
const maxStoredN = 2 ** 20;

function derive(password: string, salt: Buffer, options: { N: number; r: number; p: number }, length: number): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default maxmem (32 MiB) is exactly that for N=2^15, r=8, with no headroom.
  const scryptOptions: ScryptOptions = { ...options, maxmem: 256 * options.N * options.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, scryptOptions, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `bad_input` naming `field` when the password breaks the length rule. */
export function assertPasswordRules(password: string, field = 'password'): void {
  if (typeof password !== 'string' || password.length < minPasswordLength) {
    throw new ZiggyError('bad_input', `The password must be at least ${minPasswordLength} characters long.`, { field });
  }
  if (password.length > maxPasswordLength) {
    throw new ZiggyError('bad_input', `The password must be at most ${maxPasswordLength} characters long.`, { field });
  }
}

/** `scrypt$32768$8$1$<salt b64>$<hash b64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, cost, keyBytes);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

function parseHash(encoded: string): { N: number; r: number; p: number; salt: Buffer; key: Buffer } | undefined {
  const [scheme, n, r, p, salt, key, ...rest] = encoded.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined || rest.length > 0) return undefined;
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  const sane = Number.isInteger(Math.log2(N)) && N > 1 && N <= maxStoredN && R >= 1 && R <= 32 && P >= 1 && P <= 16;
  if (!sane) return undefined;
  return { N, r: R, p: P, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

/** Constant-time comparison of the derived key; false for a malformed hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (parsed === undefined || parsed.key.length === 0) return false;
  const key = await derive(password, parsed.salt, parsed, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

// Random bytes in the shape of a real hash: verifying against it costs one full scrypt and never matches.
const dummyHash = ['scrypt', cost.N, cost.r, cost.p, randomBytes(saltBytes).toString('base64'), randomBytes(keyBytes).toString('base64')].join('$');

/** Spends the time of one verification, so a login for an unknown user takes as long as a wrong password. */
export async function spendVerification(password: string): Promise<void> {
  await verifyPassword(password, dummyHash);
}

/** 256 random bits, base64url: session ids, CSRF tokens, API token bodies. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The form in which session ids and API tokens are stored and looked up. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
