import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ZiggyError, connectionIdentifier, type Mode } from '../../core/index.ts';
import { findConnector } from '../../connectors/index.ts';
import { childPids } from './process-children.ts';
import type { RunnerPool, RunnerPoolOptions } from './types.ts';

/** A connection as the runner tests declare it: a type and a raw config per mode (prod falls back to dev). */
export interface TestConnection {
  type: string;
  dev: unknown;
  prod?: unknown;
}

export interface TestSecret {
  dev: string;
  prod?: string;
}

/**
 * The pool's resolution callbacks over fixed connections and secrets, validating configs
 * with the real connectors' schemas as the server does. Counts what was asked, so tests
 * can check that a run resolves only what its code names.
 */
export function testResolvers(connections: Record<string, TestConnection>, secrets: Record<string, TestSecret> = {}) {
  const asked = { connections: [] as string[], secrets: [] as string[] };
  const resolvers: Pick<RunnerPoolOptions, 'resolveConnection' | 'secretValue'> = {
    async resolveConnection(name: string, mode: Mode) {
      asked.connections.push(`${mode}:${name}`);
      // As the server's resolver does: code may spell a connection by its identifier form (crm_prod for crm-prod).
      const saved = connections[name] !== undefined ? name : Object.keys(connections).find((key) => connectionIdentifier(key) === name);
      const connection = saved === undefined ? undefined : connections[saved];
      if (connection === undefined) throw new ZiggyError('connection_not_found', `Connection "${name}" does not exist.`, { name });
      const connector = findConnector(connection.type);
      if (connector === undefined) throw new Error(`unknown type ${connection.type}`);
      const raw = mode === 'prod' && connection.prod !== undefined ? connection.prod : connection.dev;
      return { name: saved ?? name, type: connection.type, config: connector.schema.parse(raw), secretFields: connector.secretFields };
    },
    async secretValue(name: string, mode: Mode) {
      asked.secrets.push(`${mode}:${name}`);
      const secret = secrets[name];
      return secret === undefined ? undefined : mode === 'prod' ? (secret.prod ?? secret.dev) : secret.dev;
    },
  };
  return { resolvers, asked };
}

export function tempLogsDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'ziggy-runner-logs-'));
}

/** True while a process with this pid exists. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids (as the server sees them) of every runner bound to a lane. */
export function laneRunnerPids(pool: RunnerPool): number[] {
  return pool.stats().lanes.flatMap((lane) => lane.runners.map((runner) => runner.pid));
}

/** A process and all its descendants, from /proc (Linux). */
export function processTree(pid: number): number[] {
  return [pid, ...childPids(pid).flatMap(processTree)];
}
