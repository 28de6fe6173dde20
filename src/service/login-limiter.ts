import { ZiggyError } from '../core/errors.ts';

export interface LoginLimits {
  windowMs: number;
  /** Failures allowed per username within the window. */
  perUsername: number;
  /** Failures allowed per client address within the window. */
  perAddress: number;
}

export const defaultLoginLimits: LoginLimits = { windowMs: 15 * 60_000, perUsername: 10, perAddress: 20 };

// Above this many tracked keys, stale ones are swept so a spray of random usernames cannot grow memory without end.
const sweepAboveKeys = 10_000;

/**
 * Counts failed logins in a sliding window per username and per address, in memory of
 * this process: guessing a password becomes slow, and one address cannot try many users.
 */
export class LoginLimiter {
  readonly #limits: LoginLimits;
  readonly #now: () => Date;
  readonly #byUsername = new Map<string, number[]>();
  readonly #byAddress = new Map<string, number[]>();

  constructor(options: { now?: () => Date; limits?: Partial<LoginLimits> } = {}) {
    this.#limits = { ...defaultLoginLimits, ...options.limits };
    this.#now = options.now ?? (() => new Date());
  }

  /** `rate_limited` with `retryAfterSeconds` when the username or the address used up its failures. */
  assertAllowed(username: string, address: string): void {
    const now = this.#now().getTime();
    const waits = [
      this.#waitMs(this.#byUsername, username, this.#limits.perUsername, now),
      this.#waitMs(this.#byAddress, address, this.#limits.perAddress, now),
    ];
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

  recordFailure(username: string, address: string): void {
    const now = this.#now().getTime();
    this.#add(this.#byUsername, username, now);
    this.#add(this.#byAddress, address, now);
  }

  /** A successful login clears the username's failures; the address keeps its count. */
  recordSuccess(username: string): void {
    this.#byUsername.delete(username);
  }

  #recent(map: Map<string, number[]>, key: string, now: number): number[] {
    const times = (map.get(key) ?? []).filter((time) => time > now - this.#limits.windowMs);
    if (times.length === 0) map.delete(key);
    else map.set(key, times);
    return times;
  }

  /** How long until one failure leaves the window and a new attempt is allowed; 0 when allowed now. */
  #waitMs(map: Map<string, number[]>, key: string, limit: number, now: number): number {
    const times = this.#recent(map, key, now);
    if (times.length < limit) return 0;
    const oldestThatMustExpire = times[times.length - limit] ?? now;
    return oldestThatMustExpire + this.#limits.windowMs - now;
  }

  #add(map: Map<string, number[]>, key: string, now: number): void {
    if (map.size > sweepAboveKeys) {
      for (const stale of [...map.keys()]) this.#recent(map, stale, now);
    }
    map.set(key, [...this.#recent(map, key, now), now]);
  }
}
