import { ZiggyError, isZiggyError, resolveConfig, secretNames, type AnyConnector, type Mode } from '../core/index.ts';
import { modeLabel, parseSource, schemaIssues } from './config-check.ts';
import type { SecretValues } from './secret-values.ts';

export interface ResolvedConnection {
  connector: AnyConnector;
  /** The config after the type's schema: coerced and defaulted, ready for createClient. */
  config: unknown;
}

/**
 * source → tree → (mode, secret values) → plain object → the type's schema. The one path
 * from a stored config to a client config, shared by tests, the client cache and the package API.
 */
export async function resolveSource(
  connector: AnyConnector,
  source: string,
  mode: Mode,
  connection: string,
  secrets: SecretValues,
): Promise<ResolvedConnection> {
  const tree = parseSource(source, mode);
  const values = await secrets.values(secretNames(tree), mode);
  let plain;
  try {
    plain = resolveConfig(tree, { mode, connection, lookup: (name) => values.get(name) });
  } catch (error) {
    if (isZiggyError(error)) throw new ZiggyError(error.id, error.message, { ...error.details, mode });
    throw error;
  }
  const issues = schemaIssues(connector, tree, plain);
  if (issues.length > 0) {
    const listed = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    throw new ZiggyError(
      'config_invalid',
      `${modeLabel[mode]} config of "${connection}" does not fit type ${connector.id}: ${listed}`,
      { mode, type: connector.id, issues },
    );
  }
  return { connector, config: connector.schema.parse(plain) };
}
