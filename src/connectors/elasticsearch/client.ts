import { Client, type ClientOptions } from '@elastic/elasticsearch';
import type { ElasticsearchConfig } from './schema.ts';

/** Client options for a validated config: the config's own keys are the SDK's, so they pass as they are. */
export function clientOptions(config: ElasticsearchConfig): ClientOptions {
  const options: ClientOptions = { maxRetries: config.maxRetries };
  if (config.node !== undefined) options.node = config.node;
  if (config.cloud !== undefined) options.cloud = { id: config.cloud.id };
  if (config.serverMode !== undefined) options.serverMode = config.serverMode;
  if (config.tls !== undefined) options.tls = { ...config.tls };
  if (config.caFingerprint !== undefined) options.caFingerprint = config.caFingerprint;
  if (config.requestTimeout !== undefined) options.requestTimeout = config.requestTimeout;
  const auth = config.auth;
  if (auth?.apiKey !== undefined) options.auth = { apiKey: auth.apiKey };
  else if (auth?.bearer !== undefined) options.auth = { bearer: auth.bearer };
  else if (auth?.username !== undefined && auth.password !== undefined) options.auth = { username: auth.username, password: auth.password };
  return options;
}

/** The SDK's Client: what a JavaScript Block gets as `connections.NAME`. */
export async function createElasticsearchClient(config: ElasticsearchConfig): Promise<Client> {
  return new Client(clientOptions(config));
}

export async function closeElasticsearchClient(client: Client): Promise<void> {
  await client.close();
}
