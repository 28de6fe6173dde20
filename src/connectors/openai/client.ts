import OpenAI from 'openai';
import type { OpenAIConfig } from './schema.ts';

/**
 * The SDK client for a validated config. Every option is given explicitly (null where the config
 * has none) so the SDK never falls back to OPENAI_* variables of the server's environment.
 */
export function openaiClient(config: OpenAIConfig, overrides: { maxRetries?: number } = {}): OpenAI {
  return new OpenAI({
    apiKey: config.apiKey,
    organization: config.organization ?? null,
    project: config.project ?? null,
    baseURL: config.baseURL ?? 'https://api.openai.com/v1',
    adminAPIKey: null,
    webhookSecret: null,
    timeout: config.timeout,
    maxRetries: overrides.maxRetries ?? config.maxRetries,
  });
}

export async function createOpenAIClient(config: OpenAIConfig): Promise<OpenAI> {
  return openaiClient(config);
}

/** Nothing to close: requests go through Node's shared fetch, whose idle sockets time out on their own. */
export async function closeOpenAIClient(_client: OpenAI): Promise<void> {}
