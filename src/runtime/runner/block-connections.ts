import type { Mode } from '../../core/index.ts';
import type { ConnectionGrant, NamedConnection } from './protocol.ts';
import type { RunnerClients } from './runner-clients.ts';

export interface BlockConnectionsOptions {
  named: readonly NamedConnection[];
  mode: Mode;
  clients: RunnerClients;
  /** Asks the parent for a connection the code did not spell out; rejects with the reason it cannot have it. */
  ask(name: string): Promise<ConnectionGrant>;
}

type Prepared = { client: unknown } | { error: string };

// Read by `await`, JSON.stringify, string conversion and inspection; they must not count as unknown connection names.
const passThrough = new Set(['then', 'toJSON', 'constructor', 'toString', 'valueOf']);

function openFailure(name: string, error: unknown): string {
  return `Connection "${name}" could not be opened: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * The block's `connections` global. Clients of the connections the code names are opened
 * before the block starts, so `connections.db.query(...)` works without an await; one that
 * failed to resolve or open throws its reason only when the block touches it.
 */
export async function blockConnections(options: BlockConnectionsOptions): Promise<object> {
  const prepared = new Map<string, Prepared>();
  const target: Record<string, unknown> = Object.create(null);

  const expose = (key: string, entry: Prepared): void => {
    prepared.set(key, entry);
    Object.defineProperty(target, key, {
      enumerable: true,
      configurable: true,
      get() {
        if ('error' in entry) throw new Error(entry.error);
        return entry.client;
      },
    });
  };

  const open = async (grant: ConnectionGrant): Promise<Prepared> => {
    try {
      return { client: await options.clients.client(grant, options.mode) };
    } catch (error) {
      return { error: openFailure(grant.name, error) };
    }
  };

  await Promise.all(
    options.named.map(async (named) => {
      const entry = 'error' in named ? { error: named.error } : await open(named.grant);
      expose(named.key, entry);
      if ('grant' in named && !prepared.has(named.grant.name)) expose(named.grant.name, entry);
    }),
  );

  async function get(name: unknown): Promise<unknown> {
    if (typeof name !== 'string') throw new TypeError('connections.get(name): the name must be a string.');
    let entry = prepared.get(name);
    if (entry === undefined) {
      entry = await open(await options.ask(name));
      expose(name, entry);
    }
    if ('error' in entry) throw new Error(entry.error);
    return entry.client;
  }
  Object.defineProperty(target, 'get', { value: get, enumerable: false });

  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === 'symbol' || key in object || passThrough.has(key)) return Reflect.get(object, key, receiver);
      throw new Error(
        `Connection "${key}" was not prepared for this run: the code reaches it by a name computed at run time. ` +
          'Use await connections.get(name) for such names.',
      );
    },
  });
}
