import type { AnyConnector, Mode } from '../core/index.ts';
import { configFingerprint } from './fingerprint.ts';

export interface ResolvedClientConfig {
  connector: AnyConnector;
  config: unknown;
}

export interface ClientCacheOptions {
  /** Resolves a connection's current config for a mode; called to detect edits and secret changes. */
  resolve(name: string, mode: Mode): Promise<ResolvedClientConfig>;
  /** Clients unused this long are closed. Default 5 minutes. */
  idleMs?: number;
  /**
   * How long a resolved config is trusted before `get` resolves again to catch changes made by
   * another process (a CLI edit while a server runs). Changes made through this process are seen
   * at once through `invalidate`. Default 1 second; 0 resolves on every `get`.
   */
  revalidateMs?: number;
  /** Reports a failure to close a client; closing never throws at the caller. */
  onCloseError?(error: unknown, name: string): void;
}

interface Entry {
  key: string;
  name: string;
  connector: AnyConnector;
  fingerprint: string;
  client: unknown;
  leases: number;
  lastUsed: number;
  checkedAt: number;
  retired: boolean;
}

/** The cache's key of a (connection, mode). */
export const clientKey = (name: string, mode: Mode): string => `${mode}\u0000${name}`;

/**
 * Live clients per (connection, mode), keyed by a fingerprint of the resolved config.
 * Concurrent first uses share one creation; a changed config or a dead session gets a
 * new client and the old one is closed once its leases end; idle clients are closed.
 */
export class ClientCache {
  readonly #options: ClientCacheOptions;
  readonly #idleMs: number;
  readonly #revalidateMs: number;
  readonly #current = new Map<string, Entry>();
  readonly #pending = new Map<string, Promise<Entry>>();
  readonly #retired = new Set<Entry>();
  readonly #sweeper: NodeJS.Timeout;
  #closed = false;

  constructor(options: ClientCacheOptions) {
    this.#options = options;
    this.#idleMs = options.idleMs ?? 5 * 60_000;
    this.#revalidateMs = options.revalidateMs ?? 1_000;
    this.#sweeper = setInterval(() => this.#closeIdle(), Math.max(50, Math.min(this.#idleMs / 2, 30_000)));
    this.#sweeper.unref();
  }

  /** The live client. Hold it for as long as you like; for work that must not see it closed midway, use `use`. */
  async get(name: string, mode: Mode): Promise<unknown> {
    const entry = await this.#entry(name, mode);
    entry.lastUsed = Date.now();
    return entry.client;
  }

  /** Runs `work` with the client leased: a replaced client is not closed until `work` ends. */
  async use<T>(name: string, mode: Mode, work: (client: unknown) => Promise<T>): Promise<T> {
    const entry = await this.#entry(name, mode);
    entry.leases++;
    try {
      return await work(entry.client);
    } finally {
      entry.leases--;
      entry.lastUsed = Date.now();
      if (entry.retired && entry.leases === 0) await this.#close(entry);
    }
  }

  /** Forget what is known about a connection's config so the next use resolves it again. */
  invalidate(name?: string): void {
    for (const entry of this.#current.values()) {
      if (name === undefined || entry.name === name) entry.checkedAt = 0;
    }
  }

  /** Number of live clients, for tests and health pages. */
  get size(): number {
    return this.#current.size;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#sweeper);
    await Promise.allSettled(this.#pending.values());
    const all = [...this.#current.values(), ...this.#retired];
    this.#current.clear();
    await Promise.all(all.map((entry) => this.#close(entry)));
  }

  async #entry(name: string, mode: Mode): Promise<Entry> {
    if (this.#closed) throw new Error('The client cache is closed.');
    const key = clientKey(name, mode);
    const current = this.#current.get(key);
    const alive = current ? (current.connector.isClientAlive?.(current.client) ?? true) : false;
    if (current && alive && Date.now() - current.checkedAt < this.#revalidateMs) return current;
    const pending = this.#pending.get(key);
    if (pending) return pending;
    const creation = this.#refresh(key, name, mode, current, alive).finally(() => this.#pending.delete(key));
    this.#pending.set(key, creation);
    return creation;
  }

  async #refresh(key: string, name: string, mode: Mode, current: Entry | undefined, alive: boolean): Promise<Entry> {
    const { connector, config } = await this.#options.resolve(name, mode);
    const fingerprint = configFingerprint({ type: connector.id, config });
    if (current && alive && current.fingerprint === fingerprint) {
      current.checkedAt = Date.now();
      return current;
    }
    const client = await connector.createClient(config);
    const now = Date.now();
    const entry: Entry = { key, name, connector, fingerprint, client, leases: 0, lastUsed: now, checkedAt: now, retired: false };
    this.#current.set(key, entry);
    if (current) this.#retire(current);
    return entry;
  }

  #retire(entry: Entry): void {
    entry.retired = true;
    if (entry.leases === 0) void this.#close(entry);
    else this.#retired.add(entry);
  }

  #closeIdle(): void {
    const now = Date.now();
    for (const entry of this.#current.values()) {
      if (entry.leases === 0 && now - entry.lastUsed >= this.#idleMs && !this.#pending.has(entry.key)) {
        this.#current.delete(entry.key);
        void this.#close(entry);
      }
    }
  }

  async #close(entry: Entry): Promise<void> {
    this.#retired.delete(entry);
    try {
      await entry.connector.closeClient(entry.client);
    } catch (error) {
      this.#options.onCloseError?.(error, entry.name);
    }
  }
}
