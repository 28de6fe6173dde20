import type { HttpAuth } from './schema.ts';

type ClientCredentials = Extract<HttpAuth, { type: 'oauth2ClientCredentials' }>;

/** Refresh this long before the token's stated expiry, so a request never carries a token that expires in flight. */
const refreshMarginMs = 30_000;

/**
 * The token endpoint's refusal or an unusable answer. `oauthError` is the endpoint's `error` code
 * (RFC 6749 §5.2, e.g. `invalid_client`); the message never holds the client secret.
 */
export class TokenError extends Error {
  readonly status: number | undefined;
  readonly oauthError: string | undefined;
  readonly description: string | undefined;

  constructor(message: string, facts: { status?: number; oauthError?: string; description?: string; cause?: unknown } = {}) {
    super(message, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.name = 'TokenError';
    this.status = facts.status;
    this.oauthError = facts.oauthError;
    this.description = facts.description;
  }
}

interface CachedToken {
  value: string;
  refreshAt: number;
}

/** Client-credentials tokens: cached, refreshed before expiry, one fetch shared by every concurrent caller. */
export class TokenSource {
  readonly #auth: ClientCredentials;
  readonly #timeoutMs: number;
  #cached: CachedToken | undefined;
  #pending: Promise<string> | undefined;

  constructor(auth: ClientCredentials, timeoutMs: number) {
    this.#auth = auth;
    this.#timeoutMs = timeoutMs;
  }

  token(signal?: AbortSignal): Promise<string> {
    if (this.#cached !== undefined && Date.now() < this.#cached.refreshAt) return Promise.resolve(this.#cached.value);
    this.#pending ??= this.#fetch(signal).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forgets a token the API refused (401), unless another caller already replaced it. */
  invalidate(refused: string): void {
    if (this.#cached?.value === refused) this.#cached = undefined;
  }

  async #fetch(signal: AbortSignal | undefined): Promise<string> {
    const auth = this.#auth;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
    if (auth.credentialsIn === 'header') {
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`).toString('base64')}`;
    } else {
      form.set('client_id', auth.clientId);
      form.set('client_secret', auth.clientSecret);
    }
    if (auth.scope !== undefined) form.set('scope', auth.scope);
    if (auth.audience !== undefined) form.set('audience', auth.audience);
    const signals = [AbortSignal.timeout(this.#timeoutMs), ...(signal === undefined ? [] : [signal])];
    let response: Response;
    try {
      response = await fetch(auth.tokenUrl, { method: 'POST', headers, body: form, signal: AbortSignal.any(signals) });
    } catch (error) {
      throw new TokenError('The token endpoint (auth.tokenUrl) could not be reached.', { cause: error });
    }
    const text = await response.text();
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    const oauthError = typeof body?.error === 'string' ? body.error : undefined;
    const description = typeof body?.error_description === 'string' ? body.error_description : undefined;
    if (!response.ok || oauthError !== undefined) {
      throw new TokenError(`The token endpoint answered ${response.status}${oauthError === undefined ? '' : ` (${oauthError})`}.`, {
        status: response.status,
        ...(oauthError === undefined ? {} : { oauthError }),
        ...(description === undefined ? {} : { description }),
      });
    }
    const value = body?.access_token;
    if (typeof value !== 'string' || value === '') {
      throw new TokenError(`The token endpoint answered ${response.status} without an access_token: is auth.tokenUrl the token endpoint?`, { status: response.status });
    }
    const expiresIn = typeof body?.expires_in === 'number' ? body.expires_in : Number(body?.expires_in ?? 3600);
    const lifetimeMs = (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000;
    // A token shorter-lived than twice the margin is refreshed at half its life instead.
    this.#cached = { value, refreshAt: Date.now() + Math.max(lifetimeMs - refreshMarginMs, lifetimeMs / 2) };
    return value;
  }
}
