/**
 * What HubSpot said in a failed answer, from either shape the SDK gives it: the generated APIs
 * throw an ApiException (`code` is the HTTP status, `body` the parsed error, `headers`), and
 * `apiRequest` returns a Response that `requestJson` turns into a HubSpotHttpError of that shape.
 */
export interface HubSpotErrorFacts {
  status: number;
  /** HubSpot's error category: INVALID_AUTHENTICATION, MISSING_SCOPES, VALIDATION_ERROR, OBJECT_NOT_FOUND… */
  category: string | undefined;
  message: string;
  /** For MISSING_SCOPES: the scopes the call needs, as HubSpot lists them. */
  requiredScopes: string[];
  /** Seconds from a Retry-After header, when there is one. */
  retryAfterSeconds: number | undefined;
}

export class HubSpotHttpError extends Error {
  readonly code: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  constructor(code: number, body: unknown, headers: Record<string, string>) {
    super(`HubSpot answered ${code}: ${messageOf(body) ?? 'no message'}`);
    this.name = 'HubSpotHttpError';
    this.code = code;
    this.body = body;
    this.headers = headers;
  }
}

/** A JSON call through the SDK's `apiRequest` (paths the generated APIs lack), failing as the generated APIs do. */
export async function requestJson(
  client: { apiRequest(options: { method: string; path: string; body?: unknown }): Promise<Response> },
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await client.apiRequest(body === undefined ? { method, path } : { method, path, body });
  const text = await response.text();
  const parsed: unknown = text === '' ? {} : parseJson(text);
  if (!response.ok) throw new HubSpotHttpError(response.status, parsed, Object.fromEntries(response.headers));
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

export function hubspotErrorFacts(error: unknown): HubSpotErrorFacts | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as { code?: unknown; body?: unknown; headers?: unknown };
  if (typeof record.code !== 'number' || record.code < 400) return undefined;
  const body = typeof record.body === 'object' && record.body !== null ? (record.body as Record<string, unknown>) : {};
  const headers = typeof record.headers === 'object' && record.headers !== null ? (record.headers as Record<string, unknown>) : {};
  const retryAfter = Number(headers['retry-after'] ?? headers['Retry-After']);
  return {
    status: record.code,
    category: typeof body.category === 'string' ? body.category : undefined,
    message: messageOf(body) ?? `HTTP ${record.code}`,
    requiredScopes: requiredScopes(body),
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
  };
}

function requiredScopes(body: Record<string, unknown>): string[] {
  const scopes: string[] = [];
  for (const detail of Array.isArray(body.errors) ? body.errors : []) {
    const context = (detail as { context?: Record<string, unknown> }).context ?? {};
    for (const key of ['requiredGranularScopes', 'requiredScopes']) {
      const listed = context[key];
      if (Array.isArray(listed)) scopes.push(...listed.filter((scope): scope is string => typeof scope === 'string'));
    }
  }
  return [...new Set(scopes)];
}

function messageOf(body: unknown): string | undefined {
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  return typeof message === 'string' && message.length > 0 ? message : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}
