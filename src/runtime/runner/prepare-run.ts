import { valuesAt, type Mode } from '../../core/index.ts';
import { codeReferences } from '../code-references.ts';
import type { ConnectionGrant, NamedConnection } from './protocol.ts';
import type { RunnerPoolOptions } from './types.ts';

type Resolvers = Pick<RunnerPoolOptions, 'resolveConnection' | 'secretValue'>;

/** A connection for a run, with the plaintext values in its config that must be scrubbed from run data. */
type GrantOutcome = { grant: ConnectionGrant; redact: string[] } | { error: string };

export interface PreparedRun {
  connections: NamedConnection[];
  secrets: Array<[name: string, value: string]>;
  /** Every plaintext value handed to the run: its secrets and the secret fields of its configs. */
  redact: string[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function resolveGrant(name: string, mode: Mode, resolvers: Resolvers): Promise<GrantOutcome> {
  const resolved = await resolvers.resolveConnection(name, mode);
  const grant: ConnectionGrant = { name: resolved.name, type: resolved.type, config: resolved.config };
  if (resolved.entry !== undefined) grant.entry = resolved.entry;
  // A connection type's secret fields (`password`, `ssl.key`) must be redacted even when written literally.
  return { grant, redact: valuesAt(resolved.config, resolved.secretFields) };
}

/** The connection a block means by `name`, resolved for the run's mode; the resolver maps code spellings such as `crm_prod` to saved names. */
export async function grantFor(name: string, mode: Mode, resolvers: Resolvers): Promise<GrantOutcome> {
  try {
    return await resolveGrant(name, mode, resolvers);
  } catch (error) {
    return { error: messageOf(error) };
  }
}

async function namedConnection(key: string, mode: Mode, resolvers: Resolvers, redact: string[]): Promise<NamedConnection> {
  const outcome = await grantFor(key, mode, resolvers);
  if ('error' in outcome) return { key, error: outcome.error };
  redact.push(...outcome.redact);
  return { key, grant: outcome.grant };
}

/** Resolves only what the code names, only for the run's mode, all at once. Throws a ZiggyError for code that does not parse. */
export async function prepareRun(code: string, mode: Mode, resolvers: Resolvers): Promise<PreparedRun> {
  const references = codeReferences(code);
  const redact: string[] = [];
  const [connections, values] = await Promise.all([
    Promise.all(references.connections.map((key) => namedConnection(key, mode, resolvers, redact))),
    Promise.all(references.secrets.map(async (name) => [name, await resolvers.secretValue(name, mode)] as const)),
  ]);
  const secrets: Array<[string, string]> = [];
  for (const [name, value] of values) {
    if (value === undefined) continue;
    secrets.push([name, value]);
    redact.push(value);
  }
  return { connections, secrets, redact };
}
