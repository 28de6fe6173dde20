import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small fake of the OpenAI REST API (the parts Ziggy uses) on 127.0.0.1, for the real `openai`
 * SDK through its `baseURL` option. It speaks the real paths (/v1/models, /v1/chat/completions,
 * /v1/embeddings), checks the Bearer key and the OpenAI-Organization / OpenAI-Project headers
 * as the API does, and answers with the API's error bodies:
 * `{ error: { message, type, param, code } }` (401 invalid_api_key, mismatched_organization,
 * mismatched_project; 403 missing scopes for a restricted key; 404 model_not_found; 400 for an empty embedding input; 429
 * rate_limit_exceeded with Retry-After). Embeddings honour `encoding_format: 'base64'`, which the
 * SDK asks for by default.
 */
export interface FakeOpenAI {
  /** The base URL to give the SDK, ending in /v1. */
  baseURL: string;
  apiKey: string;
  organization: string;
  project: string;
  models: string[];
  /** Every request as received, in order. */
  requests: Array<{ method: string; path: string; at: number; headers: http.IncomingHttpHeaders; body: unknown }>;
  /** A key the fake knows whose restrictions allow no model reads: 403 missing scopes on /v1/models. */
  restrictedKey: string;
  /** The next `count` requests answer 429 with `Retry-After: seconds`. */
  rateLimitNext(count: number, seconds: number): void;
  close(): Promise<void>;
}

export interface FakeOpenAIOptions {
  apiKey?: string;
  organization?: string;
  project?: string;
  models?: string[];
  /** Vector length of the fake embeddings when a request does not ask for `dimensions`. */
  dimensions?: number;
}

type ErrorBody = { error: { message: string; type: string; param: string | null; code: string | null } };

function apiError(message: string, type: string, code: string | null, param: string | null = null): ErrorBody {
  return { error: { message, type, param, code } };
}

/** The API masks a wrong key as its first and last characters in the message; so does the fake. */
function masked(key: string): string {
  return key.length <= 8 ? '***' : `${key.slice(0, 3)}***${key.slice(-4)}`;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const apiKey = options.apiKey ?? 'sk-proj-fake-key-0123456789';
  const organization = options.organization ?? 'org-fakeorganization01';
  const project = options.project ?? 'proj_fakeproject01';
  const models = options.models ?? ['gpt-4o-mini', 'text-embedding-3-small'];
  const dimensions = options.dimensions ?? 8;
  const restrictedKey = 'sk-proj-fake-restricted-key-42';
  const requests: FakeOpenAI['requests'] = [];
  let limited = { count: 0, seconds: 0 };

  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    const url = new URL(request.url ?? '/', 'http://fake');
    requests.push({ method: request.method ?? 'GET', path: url.pathname, at: performance.now(), headers: request.headers, body });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      response.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${requests.length}`, ...headers }).end(JSON.stringify(payload));
    };

    const auth = request.headers.authorization ?? '';
    const key = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
    if (key === '') {
      return send(401, apiError("You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", 'invalid_request_error', null));
    }
    if (key === restrictedKey && url.pathname.startsWith('/v1/models')) {
      return send(
        403,
        apiError(
          "You have insufficient permissions for this operation. Missing scopes: api.model.read. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.",
          'invalid_request_error',
          null,
        ),
      );
    }
    if (key !== apiKey && key !== restrictedKey) {
      return send(401, apiError(`Incorrect API key provided: ${masked(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', 'invalid_api_key'));
    }
    const org = request.headers['openai-organization'];
    if (org !== undefined && org !== organization) {
      return send(401, apiError('OpenAI-Organization header should match organization for API key', 'invalid_request_error', 'mismatched_organization'));
    }
    const proj = request.headers['openai-project'];
    if (proj !== undefined && proj !== project) {
      return send(401, apiError('OpenAI-Project header should match project for API key', 'invalid_request_error', 'mismatched_project'));
    }
    if (limited.count > 0) {
      limited.count -= 1;
      return send(
        429,
        apiError(`Rate limit reached for requests in organization ${organization} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in ${limited.seconds}s.`, 'requests', 'rate_limit_exceeded'),
        { 'retry-after': String(limited.seconds) },
      );
    }
    const identity = { 'openai-organization': organization, 'openai-project': project };
    const modelNotFound = (model: unknown) =>
      send(404, apiError(`The model \`${String(model)}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found'));

    if (request.method === 'GET' && url.pathname === '/v1/models') {
      return send(200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'system' })) }, identity);
    }
    const modelPath = /^\/v1\/models\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && modelPath !== null) {
      const id = decodeURIComponent(modelPath[1] ?? '');
      if (!models.includes(id)) return modelNotFound(id);
      return send(200, { id, object: 'model', created: 1_700_000_000, owned_by: 'system' }, identity);
    }
    if (request.method === 'POST' && url.pathname === '/v1/chat/completions') {
      const chat = body as { model?: string; messages?: Array<{ role: string; content: string }>; response_format?: { type: string; json_schema?: { schema?: JsonSchema } } };
      if (!models.includes(chat.model ?? '')) return modelNotFound(chat.model);
      if (!Array.isArray(chat.messages) || chat.messages.length === 0) {
        return send(400, apiError("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'invalid_request_error', 'empty_array', 'messages'));
      }
      const last = chat.messages.at(-1)?.content ?? '';
      const format = chat.response_format;
      const content =
        format?.type === 'json_schema' ? JSON.stringify(sampleOf(format.json_schema?.schema ?? {})) : format?.type === 'json_object' ? JSON.stringify({ echo: last }) : `You said: ${last}`;
      const promptTokens = chat.messages.reduce((sum, message) => sum + tokens(message.content), 0);
      return send(
        200,
        {
          id: `chatcmpl-${requests.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: chat.model,
          choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
          usage: { prompt_tokens: promptTokens, completion_tokens: tokens(content), total_tokens: promptTokens + tokens(content) },
        },
        identity,
      );
    }
    if (request.method === 'POST' && url.pathname === '/v1/embeddings') {
      const embed = body as { model?: string; input?: unknown; encoding_format?: string; dimensions?: number };
      if (!models.includes(embed.model ?? '')) return modelNotFound(embed.model);
      const inputs = Array.isArray(embed.input) ? embed.input : [embed.input];
      if (inputs.length === 0 || inputs.some((item) => typeof item !== 'string' || item === '')) {
        return send(400, apiError("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'invalid_request_error', null));
      }
      const size = embed.dimensions ?? dimensions;
      const data = (inputs as string[]).map((input, index) => {
        const vector = vectorOf(input, size);
        const embedding = embed.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
        return { object: 'embedding', index, embedding };
      });
      const used = (inputs as string[]).reduce((sum, input) => sum + tokens(input), 0);
      return send(200, { object: 'list', data, model: embed.model, usage: { prompt_tokens: used, total_tokens: used } }, identity);
    }
    send(404, apiError(`Invalid URL (${request.method} ${url.pathname})`, 'invalid_request_error', null));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    restrictedKey,
    organization,
    project,
    models,
    requests,
    rateLimitNext(count, seconds) {
      limited = { count, seconds };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
}

/** A value that fits a JSON Schema: what a model in structured-output mode would return, minus the thinking. */
function sampleOf(schema: JsonSchema): unknown {
  if (schema.enum !== undefined) return schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, property]) => [key, sampleOf(property)]));
    case 'array':
      return [sampleOf(schema.items ?? {})];
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    default:
      return 'text';
  }
}

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** A deterministic unit vector per text, so tests can compare results. */
function vectorOf(text: string, size: number): number[] {
  const values: number[] = [];
  let seed = 0;
  for (const char of text) seed = (seed * 31 + char.charCodeAt(0)) >>> 0;
  for (let index = 0; index < size; index += 1) {
    seed = (seed * 1_103_515_245 + 12_345) >>> 0;
    values.push((seed / 2 ** 32) * 2 - 1);
  }
  const norm = Math.hypot(...values);
  return values.map((value) => Math.fround(value / norm));
}
