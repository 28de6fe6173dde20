/**
 * Turning what a run produced into what is recorded: JSON data, cut to a size budget in a
 * stable way (the same data always keeps the same parts) that says where it was cut.
 */
import type { ConsoleLine, EndedRunRecord, RunOutput } from './run-types.ts';

/** What stands in for a value too large to keep. */
export interface CutNote {
  truncated: true;
  /** The value's size as JSON. */
  bytes: number;
}

/** Longest error message or stack kept, in characters. */
const maxErrorLength = 10_000;

/**
 * Plain data as JSON carries it: bigints become decimal text, bytes base64 text, Dates ISO
 * text; functions and undefined object fields are dropped as JSON drops them.
 */
export function toJsonData(value: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, function (this: Record<string, unknown>, key, item: unknown) {
      // `this[key]` is the value before its toJSON ran: a Buffer, not { type: 'Buffer', data }.
      const original = this[key];
      if (typeof item === 'bigint') return item.toString();
      if (ArrayBuffer.isView(original)) return Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('base64');
      return item;
    });
  } catch (error) {
    return `[not recordable as JSON: ${(error as Error).message}]`;
  }
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : Buffer.byteLength(text);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Splits a budget among parts: the smallest parts are kept whole as long as they fit an equal
 * share of what is left; the larger ones split the rest equally. Ties go by position.
 */
export function shareBudget(sizes: readonly number[], budget: number): number[] {
  const order = sizes.map((_, index) => index).sort((a, b) => (sizes[a] ?? 0) - (sizes[b] ?? 0));
  const shares = sizes.map(() => 0);
  let left = Math.max(0, budget);
  order.forEach((index, position) => {
    const share = Math.min(sizes[index] ?? 0, Math.floor(left / (order.length - position)));
    shares[index] = share;
    left -= share;
  });
  return shares;
}

/** The first items whose JSON fits the budget; the rest are dropped. */
function keepFirst(items: readonly unknown[], budget: number): unknown[] {
  const kept: unknown[] = [];
  let used = 2;
  for (const item of items) {
    const size = jsonBytes(item) + (kept.length > 0 ? 1 : 0);
    if (used + size > budget) break;
    kept.push(item);
    used += size;
  }
  return kept;
}

/**
 * JSON data cut to at most `budget` bytes of JSON (a note may pass it by a few bytes): an
 * array keeps its first items, an object shares the budget among its fields, anything else
 * too large becomes a CutNote.
 */
export function fitValue(value: unknown, budget: number): { value: unknown; cut: boolean } {
  const size = jsonBytes(value);
  if (size <= budget) return { value, cut: false };
  if (Array.isArray(value)) return { value: keepFirst(value, budget), cut: true };
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    const overhead = 2 + entries.reduce((sum, [key]) => sum + jsonBytes(key) + 2, 0);
    if (overhead < budget) {
      const shares = shareBudget(entries.map(([, item]) => jsonBytes(item)), budget - overhead);
      const fitted = entries.map(([key, item], index) => [key, fitValue(item, shares[index] ?? 0).value]);
      return { value: Object.fromEntries(fitted), cut: true };
    }
  }
  const note: CutNote = { truncated: true, bytes: size };
  return { value: note, cut: true };
}

export interface RunData {
  result?: unknown;
  outputs: RunOutput[];
  console: ConsoleLine[];
}

/** A run's result, outputs and console lines within `maxBytes` of JSON together; `bytesCut` says how much was left out. */
export function fitRunData(data: RunData, maxBytes: number): RunData & { truncated: boolean; bytesCut: number } {
  const parts: unknown[] = [data.result, data.console, ...data.outputs.map((output) => output.items)];
  const sizes = parts.map(jsonBytes);
  const shares = shareBudget(sizes, maxBytes);
  const fitted = parts.map((part, index) => fitValue(part, shares[index] ?? 0));
  const [result, consoleLines, ...items] = fitted;
  const fittedData: RunData = {
    outputs: data.outputs.map((output, index) => ({ edge: output.edge, items: (items[index]?.value ?? []) as unknown[] })),
    console: (consoleLines?.value ?? []) as ConsoleLine[],
  };
  if (data.result !== undefined) fittedData.result = result?.value;
  const truncated = fitted.some((part) => part.cut);
  const bytesCut = truncated ? sizes.reduce((sum, size) => sum + size, 0) - fitted.reduce((sum, part) => sum + jsonBytes(part.value), 0) : 0;
  return { ...fittedData, truncated, bytesCut: Math.max(0, bytesCut) };
}

/** An error's message and stack, each cut to a readable length. */
export function fitError(error: { message: string; stack?: string }): { error: { message: string; stack?: string }; cut: boolean } {
  const cutText = (text: string) => (text.length > maxErrorLength ? `${text.slice(0, maxErrorLength)}…` : text);
  const fitted: { message: string; stack?: string } = { message: cutText(error.message) };
  if (error.stack !== undefined) fitted.stack = cutText(error.stack);
  const cut = fitted.message !== error.message || fitted.stack !== error.stack;
  return { error: fitted, cut };
}

/** A finished run as its runner reports it, before redaction and cutting. */
export interface RunFacts extends Omit<EndedRunRecord, 'truncated'> {
  /** Already cut before recording (rows of a stream left out). */
  truncated?: boolean;
}

/** The record to store: JSON data, scrubbed of secret values by `redact`, within `maxBytes`. */
export function recordOf(facts: RunFacts, redact: <T>(value: T) => T, maxBytes: number): EndedRunRecord {
  const data = redact(toJsonData({ result: facts.result, outputs: facts.outputs, console: facts.console }) as RunData);
  const fitted = fitRunData(data, maxBytes);
  const record: EndedRunRecord = {
    id: facts.id,
    target: facts.target,
    mode: facts.mode,
    startedBy: facts.startedBy,
    startedAt: facts.startedAt,
    durationMs: Math.round(facts.durationMs),
    status: facts.status,
    outputs: fitted.outputs,
    console: fitted.console,
    truncated: (facts.truncated ?? false) || fitted.truncated,
  };
  if (fitted.result !== undefined) record.result = fitted.result;
  if (facts.error !== undefined) {
    const fittedError = fitError(redact(facts.error));
    record.error = fittedError.error;
    record.truncated ||= fittedError.cut;
  }
  const stats = { ...facts.stats, ...(fitted.bytesCut > 0 ? { bytesCut: fitted.bytesCut } : {}) };
  if (Object.keys(stats).length > 0) record.stats = stats;
  return record;
}
