import { ZiggyError, isZiggyError, locateField, parseConfig, type AnyConnector, type Mode, type TestResult } from '../core/index.ts';
import type { Redactor } from '../secrets/redactor.ts';
import type { Actor, ConnectionRecord, Store } from '../store/types.ts';
import { sourceFor } from './connection-view.ts';
import { resolveSource } from './resolution.ts';
import type { SecretValues } from './secret-values.ts';
import { recordTestStatus } from './test-status.ts';
import type { ConnectionTestOutcome, TestOptions } from './types.ts';

export const defaultTestTimeoutMs = 10_000;
// A connector that ignores its abort signal still gets cut off, a little after its own deadline.
const hardStopGraceMs = 2_000;

export interface ConnectionTester {
  testSaved(record: ConnectionRecord, options: TestOptions, actor: Actor): Promise<ConnectionTestOutcome>;
  testDraft(draft: { type: string; source: string }, options: TestOptions, actor: Actor): Promise<ConnectionTestOutcome>;
}

function failure(code: string, message: string, extra: Partial<TestResult> = {}): TestResult {
  return { ok: false, code, message, durationMs: 0, steps: [], ...extra };
}

/** A config problem found before any network traffic, reported as a failed test with its position. */
function configFailure(error: ZiggyError): TestResult {
  const details = error.details ?? {};
  const first: unknown = Array.isArray(details['issues']) ? details['issues'][0] : undefined;
  const path = typeof first === 'object' && first !== null && 'path' in first ? first.path : undefined;
  const field = typeof path === 'string' ? path : undefined;
  const hint = typeof details['hint'] === 'string' ? details['hint'] : undefined;
  return failure(error.id, error.message, {
    ...(field ? { field } : {}),
    ...(hint ? { hint } : {}),
    steps: [{ name: 'resolve config', ok: false, durationMs: 0, message: error.message }],
  });
}

async function runWithDeadline(connector: AnyConnector, config: unknown, timeoutMs: number): Promise<TestResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs);
  let hardStop: NodeJS.Timeout | undefined;
  const cutOff = new Promise<TestResult>((resolve) => {
    hardStop = setTimeout(
      () => resolve(failure('timeout', `No answer within ${timeoutMs} ms.`, { field: 'host', hint: 'Check the host, the port and any firewall between this server and it.' })),
      timeoutMs + hardStopGraceMs,
    );
  });
  try {
    return await Promise.race([connector.testConnection(config, { signal: controller.signal, timeoutMs }), cutOff]);
  } catch (error) {
    return failure('internal', `The ${connector.label} test failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
    clearTimeout(hardStop);
  }
}

export function createConnectionTester(
  store: Store,
  findConnector: (id: string) => AnyConnector,
  secrets: SecretValues,
  redactor: Redactor,
  defaultMode: () => Promise<Mode>,
): ConnectionTester {
  async function run(
    connector: AnyConnector,
    source: string,
    connection: string,
    options: TestOptions & { mode: Mode },
  ): Promise<TestResult> {
    const started = performance.now();
    let result: TestResult;
    try {
      const { config } = await resolveSource(connector, source, options.mode, connection, secrets);
      result = await runWithDeadline(connector, config, options.timeoutMs ?? defaultTestTimeoutMs);
    } catch (error) {
      if (!isZiggyError(error)) throw error;
      result = configFailure(error);
    }
    return { ...result, durationMs: result.durationMs || Math.round(performance.now() - started) };
  }

  function locate(source: string, field: string | undefined): { line: number; column: number } | undefined {
    if (!field) return undefined;
    try {
      const loc = locateField(parseConfig(source), field.split('.'));
      return loc ? { line: loc.line, column: loc.column } : undefined;
    } catch {
      return undefined;
    }
  }

  async function finish(
    result: TestResult,
    source: string,
    mode: Mode,
    prodUsesDev: boolean,
    audit: { actor: Actor; name: string; draft: boolean },
  ): Promise<ConnectionTestOutcome> {
    const fieldLocation = locate(source, result.field);
    const outcome: ConnectionTestOutcome = redactor.redactValue({
      ...result,
      mode,
      prodUsesDev,
      ...(fieldLocation ? { fieldLocation } : {}),
    });
    await store.audit.append({
      actor: audit.actor,
      action: audit.draft ? 'connection.test_draft' : 'connection.test',
      entityType: 'connection',
      entityName: audit.name,
      details: { mode, ok: outcome.ok, code: outcome.code, ...(outcome.field ? { field: outcome.field } : {}) },
    });
    return outcome;
  }

  return {
    async testSaved(record, options, actor) {
      const connector = findConnector(record.type);
      const mode = options.mode ?? (await defaultMode());
      const source = sourceFor(record, mode);
      const prodUsesDev = mode === 'prod' && record.prodSource === null;
      const result = await run(connector, source, record.name, { ...options, mode });
      const outcome = await finish(result, source, mode, prodUsesDev, { actor, name: record.name, draft: false });
      await recordTestStatus(store, record.name, mode, outcome);
      return outcome;
    },

    async testDraft(draft, options, actor) {
      const connector = findConnector(draft.type);
      const mode = options.mode ?? (await defaultMode());
      const result = await run(connector, draft.source, '(draft)', { ...options, mode });
      return finish(result, draft.source, mode, false, { actor, name: `(draft ${draft.type})`, draft: true });
    },
  };
}
