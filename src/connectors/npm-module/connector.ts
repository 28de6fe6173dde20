import { defineConnector } from '../../core/index.ts';
import { closeNpmModuleClient, createNpmModuleClient, type NpmModuleClient } from './client.ts';
import { npmModuleSchema } from './schema.ts';
import { npmModuleTest } from './test-connection.ts';

const example = `{
    module: 'stripe',
    construct: 'default',
    args: [secrets.STRIPE_SECRET_KEY, { apiVersion: '2025-01-27.acacia' }],
    test: { call: 'balance.retrieve', args: [] },
}`;

/**
 * The npm-module type over an allowlist (package name → the file it resolves to in the plugins
 * directory). The hub builds it at start from the modules an admin allowed.
 */
export function createNpmModuleConnector(allowed: ReadonlyMap<string, string>) {
  const schema = npmModuleSchema(allowed);
  return defineConnector<typeof schema, NpmModuleClient>({
    id: 'npm-module',
    label: 'npm module',
    module: 'any module on the allowlist (ziggy plugins allow)',
    description: "For a package without a connector: the client is what the allowed module's constructor or factory returns; the test calls a method the config names and reports its error message, redacted and not mapped to a field.",
    lifecycle: 'stateless',
    schema,
    example,
    secretFields: [],
    createClient: createNpmModuleClient,
    closeClient: closeNpmModuleClient,
    testConnection: npmModuleTest(schema),
    operations: {},
  });
}
