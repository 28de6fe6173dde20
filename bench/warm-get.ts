/**
 * A warm `hub.connections.get()` next to a client held in a variable, in the same run:
 * first the lookup alone, then each followed by `SELECT 1` on the real PostgreSQL.
 * Run: node bench/warm-get.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { openHub } from '../src/index.ts';
import { measure, type Measurement } from './measure.ts';

export interface WarmGetResult {
  lookup: { viaGet: Measurement; viaGetResolvingEveryCall: Measurement; heldVariable: Measurement };
  select1: { viaGet: Measurement; heldVariable: Measurement };
}

export async function runWarmGetBench(iterations = 20_000): Promise<WarmGetResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-bench-'));
  const hub = await openHub({ dataDir, env: {} });
  // Same data dir, but it checks the store for edits on every call instead of once a second.
  const strictHub = await openHub({ dataDir, env: {}, revalidateMs: 0 });
  try {
    await hub.services.secrets.set({ name: 'PG_PASSWORD', value: 'unused', mode: 'dev' }, 'bench');
    await hub.services.connections.create(
      {
        name: 'db',
        type: 'postgres',
        devSource: `{ host: '127.0.0.1', user: 'postgres', password: secrets.PG_PASSWORD, database: 'test', port: 5432 }`,
      },
      'bench',
    );
    const held = await hub.connections.get<pg.Pool>('db');
    await held.query('SELECT 1');
    let sink: unknown;
    const lookup = {
      viaGet: await measure(iterations, async () => {
        sink = await hub.connections.get('db');
      }),
      viaGetResolvingEveryCall: await measure(iterations / 4, async () => {
        sink = await strictHub.connections.get('db');
      }),
      heldVariable: await measure(iterations, async () => {
        sink = await Promise.resolve(held);
      }),
    };
    const queries = Math.min(iterations, 5_000);
    const select1 = {
      viaGet: await measure(queries, async () => {
        await (await hub.connections.get<pg.Pool>('db')).query('SELECT 1');
      }),
      heldVariable: await measure(queries, async () => {
        await held.query('SELECT 1');
      }),
    };
    void sink;
    return { lookup, select1 };
  } finally {
    await strictHub.close();
    await hub.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const result = await runWarmGetBench();
  console.table({
    'get() lookup': result.lookup.viaGet,
    'get() lookup, revalidateMs 0': result.lookup.viaGetResolvingEveryCall,
    'held variable lookup': result.lookup.heldVariable,
    'get() + SELECT 1': result.select1.viaGet,
    'held variable + SELECT 1': result.select1.heldVariable,
  });
}
