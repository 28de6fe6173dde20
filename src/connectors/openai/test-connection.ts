import {
  classifyNetworkError,
  runConnectionTest,
  unexpectedFailure,
  valuesAt,
  type TestContext,
  type TestFailure,
  type TestResult,
} from '../../core/index.ts';
import { APIConnectionTimeoutError } from 'openai';
import { openaiClient } from './client.ts';
import { connectionFailure } from './errors.ts';
import { openaiSchema, type OpenAIConfig } from './schema.ts';

/**
 * Lists the models the key may use (GET /models, the cheapest authenticated read, which checks
 * the key, the organization and the project headers alike) and reports the organization and
 * project the API says it billed, from its response headers.
 */
export function testOpenAI(config: OpenAIConfig, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step, signal) => {
      const valid = openaiSchema.parse(config);
      // One attempt: a retry on a refused or silent server would only hide the cause behind a timeout.
      const client = openaiClient(valid, { maxRetries: 0 });
      const { data: page, response } = await step('list models', () => client.models.list({ signal }).withResponse());
      const models = page.data.map((model) => model.id);
      const details: Record<string, string | number> = { models: models.length };
      const organization = response.headers.get('openai-organization');
      const project = response.headers.get('openai-project');
      if (organization !== null) details.organization = organization;
      if (project !== null) details.project = project;
      const where = valid.baseURL ?? 'api.openai.com';
      return { message: `Signed in to ${where}; the key may use ${models.length} model${models.length === 1 ? '' : 's'}.`, details };
    },
    (error) => classifyOpenAIError(error, config),
    { conceal: valuesAt(config, ['apiKey']), timeoutField: 'baseURL' },
  );
}

export function classifyOpenAIError(error: unknown, config: unknown): TestFailure {
  const baseURL = valuesAt(config, ['baseURL'])[0];
  const service = connectionFailure(error, baseURL !== undefined);
  if (service !== undefined) return service;
  if (error instanceof APIConnectionTimeoutError) {
    return { code: 'timeout', message: 'The API did not answer within the timeout.', field: 'baseURL', hint: 'Check baseURL, and that no firewall or proxy silently drops the traffic.' };
  }
  const target = baseTarget(baseURL);
  const network = classifyNetworkError(error, { host: 'baseURL', port: 'baseURL', tls: 'baseURL' }, target);
  if (network !== undefined) return network;
  return unexpectedFailure(error);
}

function baseTarget(baseURL: string | undefined): { host?: string; port?: number } {
  const url = new URL(baseURL ?? 'https://api.openai.com/v1');
  return { host: url.hostname, port: url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port) };
}
