import { z } from 'zod';
import type { TestContext, TestResult, TestStep } from './connector.ts';

/** Why a connection test failed: a stable code, a plain message, the likely wrong field and a hint. */
export interface TestFailure {
  code: string;
  message: string;
  field?: string;
  hint?: string;
}

/** What a successful test body returns. */
export interface TestSuccess {
  message: string;
  details?: Record<string, string | number | boolean>;
}

/** Runs one named step of a test, recording its duration and outcome; rethrows the step's error. */
export type StepRunner = <T>(name: string, run: () => Promise<T>) => Promise<T>;

export interface ConnectionTestOptions {
  /** Secret values (passwords, keys) to scrub from every text of the result, in case an error echoes them. */
  conceal?: ReadonlyArray<string | undefined>;
  /** The field a timeout is blamed on: `host` unless the connector names its server otherwise (e.g. `endpoint`). */
  timeoutField?: string;
}

const timedOut = Symbol('timed out');

/**
 * Runs a connection test body so that it never throws and never outlives its time: each step is
 * traced, a zod error (the body validating its config) becomes `config_invalid` on the offending
 * field, any other error goes through `classify`, and running out of time (our own timer or the
 * caller's signal) ends the test with `timeout`. The body gets a signal that aborts on timeout so
 * it can tear its client down.
 */
export async function runConnectionTest(
  context: TestContext,
  body: (step: StepRunner, signal: AbortSignal) => Promise<TestSuccess>,
  classify: (error: unknown) => TestFailure,
  options: ConnectionTestOptions = {},
): Promise<TestResult> {
  const started = performance.now();
  const steps: TestStep[] = [];
  const running = new Map<string, number>();
  const abort = new AbortController();
  // Once the result is out, a body still winding down (after a timeout) must not change it.
  let settled = false;
  const record = (entry: TestStep): void => {
    if (!settled) steps.push(entry);
  };

  const step: StepRunner = async (name, run) => {
    const stepStarted = performance.now();
    running.set(name, stepStarted);
    try {
      const value = await run();
      record({ name, ok: true, durationMs: elapsed(stepStarted) });
      return value;
    } catch (error) {
      record({ name, ok: false, durationMs: elapsed(stepStarted) });
      throw error;
    } finally {
      running.delete(name);
    }
  };

  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<typeof timedOut>((resolve) => {
    onAbort = () => resolve(timedOut);
    // setTimeout turns delays beyond 2^31-1 ms (or NaN) into 1 ms; clamp so a huge limit stays huge.
    const delay = Number.isNaN(context.timeoutMs) ? 0 : Math.min(Math.max(context.timeoutMs, 0), 2 ** 31 - 1);
    timer = setTimeout(onAbort, delay);
    if (context.signal.aborted) onAbort();
    else context.signal.addEventListener('abort', onAbort, { once: true });
  });

  let result: TestResult;
  try {
    const work = Promise.resolve().then(() => body(step, abort.signal));
    // The body may still settle after a timeout; its late failure is of no interest.
    work.catch(() => undefined);
    const outcome = await Promise.race([work, deadline]);
    if (outcome === timedOut) {
      abort.abort();
      for (const [name, stepStarted] of running) {
        steps.push({ name, ok: false, durationMs: elapsed(stepStarted) });
      }
      result = failed(timeoutFailure(context.timeoutMs, options.timeoutField ?? 'host'), steps, started);
    } else {
      result = { ok: true, code: 'ok', message: outcome.message, durationMs: elapsed(started), steps };
      if (outcome.details !== undefined) result.details = outcome.details;
    }
  } catch (error) {
    const failure = error instanceof z.ZodError ? invalidConfigFailure(error) : safeClassify(classify, error);
    result = failed(failure, steps, started);
  } finally {
    settled = true;
    clearTimeout(timer);
    if (onAbort !== undefined) context.signal.removeEventListener('abort', onAbort);
  }
  return concealValues(result, options.conceal ?? []);
}

function failed(failure: TestFailure, steps: TestStep[], started: number): TestResult {
  const last = steps.at(-1);
  if (last !== undefined && !last.ok) last.message = failure.message;
  const result: TestResult = { ok: false, code: failure.code, message: failure.message, durationMs: elapsed(started), steps };
  if (failure.field !== undefined) result.field = failure.field;
  if (failure.hint !== undefined) result.hint = failure.hint;
  return result;
}

function timeoutFailure(timeoutMs: number, field: string): TestFailure {
  return {
    code: 'timeout',
    message: `The server did not answer within ${timeoutMs} ms.`,
    field,
    hint: 'Check the host and port, and that no firewall silently drops the traffic.',
  };
}

function safeClassify(classify: (error: unknown) => TestFailure, error: unknown): TestFailure {
  try {
    return classify(error);
  } catch {
    return unexpectedFailure(error);
  }
}

function invalidConfigFailure(error: z.ZodError): TestFailure {
  const issue = error.issues[0];
  const path = issue?.path ?? [];
  const unknownKey = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const field = [...path, ...(unknownKey === undefined ? [] : [unknownKey])].map(String).join('.');
  const failure: TestFailure = {
    code: 'config_invalid',
    message: `The configuration is invalid${field === '' ? '' : ` at ${field}`}: ${issue?.message ?? 'unknown problem'}.`,
    hint: 'Fix the configuration object; the field list in the docs shows what each field accepts.',
  };
  if (field !== '') failure.field = field;
  return failure;
}

/**
 * Runs `work` against a client that `close` ends: at once when `signal` aborts (a timed-out test
 * must not leave its connection open) and in any case when `work` settles. Close errors are ignored.
 */
export async function closingClient<T>(signal: AbortSignal, close: () => Promise<unknown>, work: () => Promise<T>): Promise<T> {
  const stop = (): void => void close().catch(() => undefined);
  signal.addEventListener('abort', stop, { once: true });
  try {
    return await work();
  } finally {
    signal.removeEventListener('abort', stop);
    await close().catch(() => undefined);
  }
}

/** The string values at the given dotted paths of a config of any shape: what `conceal` needs. */
export function valuesAt(config: unknown, paths: readonly string[]): string[] {
  const values: string[] = [];
  for (const dotted of paths) {
    let value: unknown = config;
    for (const key of dotted.split('.')) {
      value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (typeof value === 'string') values.push(value);
  }
  return values;
}

/** The failure for an error nobody recognised: its own message, which `conceal` scrubs. */
export function unexpectedFailure(error: unknown): TestFailure {
  const text = error instanceof Error ? error.message : String(error);
  return { code: 'failed', message: `The test failed: ${text}` };
}

function concealValues(result: TestResult, values: ReadonlyArray<string | undefined>): TestResult {
  const secrets = values.filter((value): value is string => typeof value === 'string' && value.length > 0);
  if (secrets.length === 0) return result;
  const scrub = (text: string): string => secrets.reduce((out, secret) => out.split(secret).join('[hidden]'), text);
  result.message = scrub(result.message);
  if (result.hint !== undefined) result.hint = scrub(result.hint);
  for (const step of result.steps) {
    if (step.message !== undefined) step.message = scrub(step.message);
  }
  if (result.details !== undefined) {
    for (const [key, value] of Object.entries(result.details)) {
      if (typeof value === 'string') result.details[key] = scrub(value);
    }
  }
  return result;
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}

/** The config field names a connector uses for where it connects, how it logs in and its TLS settings. */
export interface NetworkFields {
  host: string;
  port: string;
  auth?: string;
  tls?: string;
}

interface ErrorFacts {
  code: string | undefined;
  message: string;
  hostname: string | undefined;
  port: number | undefined;
}

const tlsCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'EPROTO',
]);

/**
 * Maps the errors Node's net/dns/tls layers raise to a failure pointing at the field to fix.
 * Returns undefined for anything else, so a connector can fall back to its own mapping.
 * Messages name only host and port (from the error, else from `target`), never other config values.
 */
export function classifyNetworkError(
  error: unknown,
  fields: NetworkFields,
  target: { host?: string | undefined; port?: number | undefined } = {},
): TestFailure | undefined {
  const facts = errorFacts(error);
  facts.hostname ??= target.host;
  facts.port ??= target.port;
  const where = facts.hostname === undefined ? 'the server' : `"${facts.hostname}"`;
  switch (facts.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        code: 'host_not_found',
        message: `The host ${where} could not be found.`,
        field: fields.host,
        hint: 'Check the spelling of the host name and that this machine can resolve it (DNS).',
      };
    case 'ECONNREFUSED':
      return {
        code: 'connection_refused',
        message: `The connection to ${where}${facts.port === undefined ? '' : ` on port ${facts.port}`} was refused.`,
        field: fields.port,
        hint: 'Is the server running and listening on that port?',
      };
    case 'ETIMEDOUT':
      return {
        code: 'timeout',
        message: `Connecting to ${where} timed out.`,
        field: fields.host,
        hint: 'Check the host and port, and that no firewall silently drops the traffic.',
      };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ECONNRESET':
      return {
        code: 'unreachable',
        message:
          facts.code === 'ECONNRESET'
            ? `The server ${where} closed the connection before answering.`
            : `The host ${where} cannot be reached from this machine.`,
        field: fields.host,
        hint: 'Check the host and port, that the server speaks this protocol on that port, and the network route or firewall.',
      };
  }
  if (isTlsError(facts)) {
    return {
      code: 'tls_failed',
      message: `The secure (TLS) connection to ${where} failed.`,
      field: fields.tls ?? fields.host,
      hint: 'Check the TLS settings: whether the server supports TLS, and which certificate authority to trust.',
    };
  }
  return undefined;
}

function isTlsError(facts: ErrorFacts): boolean {
  const code = facts.code ?? '';
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.startsWith('CERT_') || tlsCodes.has(code)) {
    return true;
  }
  return /\b(SSL|TLS)\b/.test(facts.message);
}

/** Collects code, host and port from an error, its `cause` and, for happy-eyeballs AggregateErrors, its parts. */
function errorFacts(error: unknown): ErrorFacts {
  const facts: ErrorFacts = { code: undefined, message: '', hostname: undefined, port: undefined };
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (facts.code === undefined && typeof record.code === 'string') facts.code = record.code;
    if (typeof record.message === 'string') facts.message = `${facts.message} ${record.message}`;
    if (facts.hostname === undefined && typeof record.hostname === 'string') facts.hostname = record.hostname;
    if (facts.hostname === undefined && typeof record.address === 'string') facts.hostname = record.address;
    if (facts.port === undefined && typeof record.port === 'number') facts.port = record.port;
    visit(record.cause);
    if (Array.isArray(record.errors)) record.errors.forEach(visit);
  };
  visit(error);
  return facts;
}
