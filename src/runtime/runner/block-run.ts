import { formatWithOptions, types } from 'node:util';
import { Redactor } from '../../secrets/redactor.ts';
import { errorReport } from './error-report.ts';
import { toPlainData } from './plain-data.ts';
import type { FromRunner, SysLogLevel } from './protocol.ts';
import type { ConsoleLevel, RunOutput } from './types.ts';

export const maxConsoleLines = 1000;
const maxConsoleLineLength = 10_000;
const maxEdges = 100;

type Send = (message: FromRunner) => void;

/**
 * The runner's state for one run: what the block's globals write to, scrubbed before it
 * leaves, and the timers it started, which are all cleared when the run ends so nothing of
 * one run fires into the next.
 */
export class BlockRun {
  readonly runId: number;
  /** Lines of the block's code; stack frames past them belong to the wrapper that calls it. */
  readonly codeLines: number;
  readonly redactor = new Redactor();
  readonly #send: Send;
  readonly #outputs = new Map<number, unknown[]>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #consoleLines = 0;
  #ended = false;
  #fail: (error: unknown) => void = () => undefined;
  /** Rejects when code outside the block's promise chain fails: a timer callback or an unhandled rejection. */
  readonly failure: Promise<never>;

  constructor(runId: number, codeLines: number, redact: readonly string[], send: Send) {
    this.runId = runId;
    this.codeLines = codeLines;
    this.#send = send;
    for (const value of redact) this.redactor.add(value);
    this.failure = new Promise<never>((_, reject) => (this.#fail = reject));
    // Awaited only through Promise.race; without this an early failure would count as unhandled.
    this.failure.catch(() => undefined);
  }

  fail(error: unknown): void {
    if (!this.#ended) this.#fail(error);
  }

  console(level: ConsoleLevel, values: unknown[]): void {
    if (this.#ended || this.#consoleLines > maxConsoleLines) return;
    this.#consoleLines++;
    let text = formatWithOptions({ colors: false }, ...values);
    if (this.#consoleLines > maxConsoleLines) {
      text = `[more console lines were dropped: a run keeps at most ${maxConsoleLines}]`;
    } else if (text.length > maxConsoleLineLength) {
      text = `${text.slice(0, maxConsoleLineLength)}… [line cut at ${maxConsoleLineLength} characters]`;
    }
    this.#send({ type: 'console', runId: this.runId, line: { level, text: this.redactor.redact(text), at: new Date().toISOString() } });
  }

  sysLog(level: SysLogLevel, message: unknown, traceInfo: unknown, extraData: unknown): void {
    if (this.#ended) return;
    const text = typeof message === 'string' ? message : formatWithOptions({ colors: false }, message);
    const record = {
      level,
      message: text,
      ...(traceInfo === undefined ? {} : { traceInfo: this.#traceData(traceInfo) }),
      ...(extraData === undefined ? {} : { extraData: toPlainData(extraData, 'sysLog extraData') }),
      at: new Date().toISOString(),
    };
    this.#send({ type: 'sysLog', runId: this.runId, record: this.redactor.redactValue(record) });
  }

  branchTo(edge: unknown, data: unknown): void {
    if (typeof edge !== 'number' || !Number.isInteger(edge) || edge < 0 || edge >= maxEdges) {
      throw new RangeError(`branchTo: the output index must be a whole number from 0 to ${maxEdges - 1}; got ${formatWithOptions({}, edge)}.`);
    }
    if (this.#ended) return;
    const items = this.#outputs.get(edge) ?? [];
    items.push(toPlainData(data, `branchTo(${edge}) data`));
    this.#outputs.set(edge, items);
  }

  outputs(): RunOutput[] {
    return [...this.#outputs.entries()]
      .sort(([a], [b]) => a - b)
      .map(([edge, items]) => ({ edge, items: this.redactor.redactValue(items) }));
  }

  /** A setTimeout whose callback belongs to this run: skipped once it ended, and its errors fail the run. */
  setTimer(callback: unknown, ms: unknown, args: unknown[], repeat: boolean): NodeJS.Timeout {
    if (typeof callback !== 'function') throw new TypeError('The callback must be a function.');
    const fire = (): void => {
      if (!repeat) this.#timers.delete(timer);
      if (this.#ended) return;
      try {
        callback(...args);
      } catch (error) {
        this.fail(error);
      }
    };
    const delay = Number(ms) || 0;
    const timer = repeat ? setInterval(fire, delay) : setTimeout(fire, delay);
    this.#timers.add(timer);
    return timer;
  }

  clearTimer(timer: unknown): void {
    if (!this.#timers.has(timer as NodeJS.Timeout)) return;
    clearTimeout(timer as NodeJS.Timeout);
    this.#timers.delete(timer as NodeJS.Timeout);
  }

  /** sysLog.error's traceInfo is usually an Error: keep its message and the block's frames. */
  #traceData(traceInfo: unknown): unknown {
    return types.isNativeError(traceInfo) ? errorReport(traceInfo, this.codeLines) : toPlainData(traceInfo, 'sysLog traceInfo');
  }

  end(): void {
    this.#ended = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
