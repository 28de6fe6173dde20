import { createHmac, hkdfSync } from 'node:crypto';
import { ZiggyError } from '../core/errors.ts';
import type { LoginFailureKind, LoginFailureStore } from '../store/types.ts';

export interface LoginLimits {
  windowMs: number;
  /** Failures allowed per username within the window. */
  perUsername: number;
  /** Failures allowed per client address within the window. */
  perAddress: number;
}

export const defaultLoginLimits: LoginLimits = { windowMs: 15 * 60_000, perUsername: 10, perAddress: 20 };

// Failures out of the window are deleted at most this often per process: storage stays bounded by the window.
const pruneEveryMs = 60_000;

/**
 * The key the limiter files failures under. Every instance sharing the master key derives the
 * same one, so their counts meet in the store; the store itself holds only keyed hashes, never
 * a typed name (which may be a password typed into the wrong field) nor an address.
 */
export function loginKeyFromMasterKey(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'ziggy login failure keys', 32));
}

export interface LoginLimiterOptions {
  failures: LoginFailureStore;
  /** See loginKeyFromMasterKey. */
  key: Buffer;
  now?: () => Date;
  limits?: Partial<LoginLimits>;
}

/**
 * Counts failed logins in a sliding window per username and per address, in the store: every
 * server process on it sees the same counts, so guessing a password stays slow however many
 * instances answer, and one address cannot try many users.
 */
export class LoginLimiter {
  readonly #failures: LoginFailureStore;
  readonly #key: Buffer;
  readonly #limits: LoginLimits;
  readonly #now: () => Date;
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(options: LoginLimiterOptions) {
    this.#failures = options.failures;
    this.#key = options.key;
    this.#limits = { ...defaultLoginLimits, ...options.limits };
    this.#now = options.now ?? (() => new Date());
  }

  /** `rate_limited` with `retryAfterSeconds` when the username or the address used up its failures. */
  async assertAllowed(username: string, address: string): Promise<void> {
    const now = this.#now().getTime();
    const waits = await Promise.all([
      this.#waitMs('username', username, this.#limits.perUsername, now),
      this.#waitMs('address', address, this.#limits.perAddress, now),
    ]);
    const waitMs = Math.max(...waits);
    if (waitMs <= 0) return;
    const retryAfterSeconds = Math.ceil(waitMs / 1000);
    const minutes = Math.ceil(retryAfterSeconds / 60);
    throw new ZiggyError(
      'rate_limited',
      `Too many failed logins for this user or address; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      { retryAfterSeconds },
    );
  }

  async recordFailure(username: string, address: string): Promise<void> {
    const now = this.#now().getTime();
    await this.#failures.record({
      usernameKey: this.#keyOf('username', username),
      addressKey: this.#keyOf('address', address),
      at: new Date(now).toISOString(),
    });
    if (now - this.#prunedAt < pruneEveryMs) return;
    this.#prunedAt = now;
    await this.#failures.deleteOlderThan(new Date(now - this.#limits.windowMs).toISOString());
  }

  /** A successful login clears the username's failures; the address keeps its count. */
  async recordSuccess(username: string): Promise<void> {
    await this.#failures.clearUsername(this.#keyOf('username', username));
  }

  #keyOf(kind: LoginFailureKind, value: string): string {
    return createHmac('sha256', this.#key).update(`${kind}\n${value}`).digest('hex');
  }

  /** How long until one failure leaves the window and a new attempt is allowed; 0 when allowed now. */
  async #waitMs(kind: LoginFailureKind, value: string, limit: number, now: number): Promise<number> {
    const windowStart = new Date(now - this.#limits.windowMs).toISOString();
    // Newest first: the limit-th newest is the failure that must leave the window before another try.
    const times = await this.#failures.recent(kind, this.#keyOf(kind, value), windowStart, limit);
    if (times.length < limit) return 0;
    const oldestThatMustExpire = Date.parse(times[limit - 1] ?? '');
    return oldestThatMustExpire + this.#limits.windowMs - now;
  }
}
