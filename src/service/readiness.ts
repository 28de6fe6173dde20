import type { JobQueue, QueueHealth } from '../queue/types.ts';
import type { Store, StoreHealth } from '../store/types.ts';

/** Whether this process may take traffic, as /readyz answers: the store answers and its schema is the one this Ziggy knows. */
export type Readiness =
  | { ready: true; store: StoreHealth }
  /** `reason`: why not, in plain words, with what to do. */
  | { ready: false; reason: string; store: StoreHealth };

export function readinessOf(store: StoreHealth): Readiness {
  const where = `The ${store.kind === 'postgres' ? 'PostgreSQL' : 'SQLite'} store ${store.location}`;
  if (!store.reachable) return { ready: false, reason: `${where} does not answer: ${store.error ?? 'no reason given'}.`, store };
  if (store.schemaVersion !== null && store.schemaVersion > store.codeVersion) {
    const reason =
      `${where} has schema version ${store.schemaVersion}, newer than the ${store.codeVersion} this Ziggy knows: ` +
      'it was migrated by a newer Ziggy. Upgrade this instance.';
    return { ready: false, reason, store };
  }
  if (store.pending.length > 0) {
    const count = store.pending.length === 1 ? 'a migration' : `${store.pending.length} migrations`;
    const reason = `${where} has ${count} pending (${store.pending.join('; ')}): run \`ziggy store migrate\`.`;
    return { ready: false, reason, store };
  }
  return { ready: true, store };
}

export async function checkReadiness(store: Pick<Store, 'health'>): Promise<Readiness> {
  return readinessOf(await store.health());
}

/** Readiness with the run queue too, on a server that hands runs to workers: a queue that does not answer makes it not ready. */
export async function checkServerReadiness(
  store: Pick<Store, 'health'>,
  queue?: Pick<JobQueue, 'health'>,
): Promise<{ readiness: Readiness; queue?: QueueHealth }> {
  const readiness = await checkReadiness(store);
  if (queue === undefined) return { readiness };
  const queueHealth = await queue.health();
  if (readiness.ready && !queueHealth.ok) {
    return { readiness: { ready: false, reason: `The run queue does not answer: ${queueHealth.message ?? 'no reason given'}.`, store: readiness.store }, queue: queueHealth };
  }
  return { readiness, queue: queueHealth };
}
