import { Redactor } from '../../secrets/redactor.ts';
import { maxConsoleLines } from './block-run.ts';
import { crashMessage, memoryMessage, stoppedMessage, timeoutMessage } from './messages.ts';
import { grantFor, type PreparedRun } from './prepare-run.ts';
import type { FromRunner, RunEnd } from './protocol.ts';
import { describeExit, type RunnerExit, type RunnerProcess } from './runner-process.ts';
import type { SysLogWriter } from './sys-log-writer.ts';
import type { BlockRunResult, ConsoleLine, RunnerPoolOptions, RunRequest } from './types.ts';

/** Time the runner gets past the deadline to report a timeout its vm caught itself, keeping it warm. */
const reportGraceMs = 250;

export interface SessionContext {
  runId: number;
  request: RunRequest;
  timeoutMs: number;
  memoryMb: number;
  prepared: PreparedRun;
  resolvers: Pick<RunnerPoolOptions, 'resolveConnection' | 'secretValue'>;
  writer: SysLogWriter;
  sharedRedactor: Redactor | undefined;
}

type Ending = Omit<BlockRunResult, 'console' | 'durationMs'>;

function exitEnding(exit: RunnerExit, killed: boolean, memoryMb: number): Ending {
  if (killed) return { status: 'error', outputs: [], error: { message: stoppedMessage } };
  const message = exit.outOfMemory ? memoryMessage(memoryMb) : crashMessage(describeExit(exit));
  return { status: exit.outOfMemory ? 'memory' : 'error', outputs: [], error: { message } };
}

function doneEnding(end: RunEnd): Ending {
  return end.status === 'ok'
    ? { status: 'ok', result: end.result, outputs: end.outputs }
    : { status: end.status, outputs: end.outputs, error: end.error };
}

/**
 * One run on one runner, seen from the parent: sends the run, answers the runner's
 * requests for connections, writes sysLog lines, enforces the deadline by killing the
 * runner, and scrubs everything it returns again, with the run's values and the
 * process's shared redactor: the runner is not trusted to have done it.
 */
export async function runOnRunner(runner: RunnerProcess, context: SessionContext): Promise<BlockRunResult> {
  const { runId, request, timeoutMs, writer } = context;
  const redactor = new Redactor();
  for (const value of context.prepared.redact) redactor.add(value);
  const scrub = <T>(value: T): T => {
    const once = redactor.redactValue(value);
    return context.sharedRedactor === undefined ? once : context.sharedRedactor.redactValue(once);
  };
  const consoleLines: ConsoleLine[] = [];
  const writes: Array<Promise<void>> = [];
  const started = performance.now();

  const answerConnection = async (requestId: number, name: string): Promise<void> => {
    const outcome = await grantFor(name, request.mode, context.resolvers);
    if ('grant' in outcome) {
      for (const value of outcome.redact) redactor.add(value);
      runner.send({ type: 'connection', requestId, redact: outcome.redact, grant: outcome.grant });
    } else {
      runner.send({ type: 'connection', requestId, redact: [], error: scrub(outcome.error) });
    }
  };

  try {
    await runner.ready;
  } catch (error) {
    return scrub({ status: 'error', outputs: [], console: [], error: { message: (error as Error).message }, durationMs: 0 });
  }

  const ending = await new Promise<Ending>((resolve) => {
    const timer = setTimeout(() => {
      runner.kill();
      resolve({ status: 'timeout', outputs: [], error: { message: timeoutMessage(timeoutMs) } });
    }, timeoutMs + reportGraceMs);
    const settle = (value: Ending): void => {
      clearTimeout(timer);
      resolve(value);
    };
    const onExit = (exit: RunnerExit): void => settle(exitEnding(exit, runner.killed, context.memoryMb));
    runner.onExit = onExit;
    // It may have died between being handed out and now, when nobody listened.
    if (!runner.alive) void runner.exited.then(onExit);
    runner.onMessage = (message: FromRunner) => {
      if (message.runId !== runId) return;
      if (message.type === 'console') {
        if (consoleLines.length <= maxConsoleLines) consoleLines.push(scrub(message.line));
      } else if (message.type === 'sysLog') {
        writes.push(writer.write(scrub({ ...message.record, executionId: request.executionId, mode: request.mode })));
      } else if (message.type === 'connection') {
        void answerConnection(message.requestId, message.name);
      } else {
        settle(doneEnding(message));
      }
    };
    runner.runs++;
    try {
      runner.send({
        type: 'run',
        runId,
        code: request.code,
        inputs: request.inputs,
        mode: request.mode,
        executionId: request.executionId,
        timeoutMs,
        ...context.prepared,
        // Scrubbed like the errors of connections asked for during the run.
        connections: context.prepared.connections.map((named) => ('error' in named ? { key: named.key, error: scrub(named.error) } : named)),
      });
    } catch (error) {
      // Inputs that cannot be serialized (a function, a socket) never reach the runner, which stays usable.
      settle({ status: 'error', outputs: [], error: { message: `The inputs cannot be sent to the block: ${(error as Error).message}` } });
    }
  });
  runner.onMessage = null;
  runner.onExit = null;

  for (const written of await Promise.allSettled(writes)) {
    if (written.status === 'fulfilled') continue;
    const reason = written.reason instanceof Error ? written.reason.message : String(written.reason);
    consoleLines.push({ level: 'warn', text: `A sysLog line could not be written to ${writer.logsDir}: ${reason}`, at: new Date().toISOString() });
  }
  return scrub({ ...ending, console: consoleLines, durationMs: Math.round(performance.now() - started) });
}
