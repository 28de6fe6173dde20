import { Client } from '@hubspot/api-client';
import type { HubSpotConfig } from './schema.ts';

type ClientOptions = NonNullable<ConstructorParameters<typeof Client>[0]>;

export function clientOptions(config: HubSpotConfig): ClientOptions {
  const options: ClientOptions = { accessToken: config.accessToken, numberOfApiCallRetries: config.numberOfApiCallRetries };
  if (config.basePath !== undefined) options.basePath = config.basePath.replace(/\/+$/, '');
  return options;
}

/**
 * The SDK's Client. The SDK keeps its retry decorators in one process-wide registry that each new
 * Client overwrites, and applies them when an API object is first touched; so the CRM APIs the
 * operations and most blocks use are created here, while this client's setting is the current one.
 */
export async function createHubSpotClient(config: HubSpotConfig): Promise<Client> {
  const client = new Client(clientOptions(config));
  const { crm } = client;
  void [crm.contacts, crm.companies, crm.deals, crm.tickets, crm.objects, crm.associations.v4, crm.properties, crm.owners];
  return client;
}

/** Nothing to close: the SDK holds no socket of its own between calls. */
export async function closeHubSpotClient(): Promise<void> {}
