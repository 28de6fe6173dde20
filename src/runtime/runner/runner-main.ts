import { BlockRun } from './block-run.ts';
import type { ConnectionGrant, FromRunner, RunMessage, ToRunner } from './protocol.ts';
import { runBlock } from './run-block.ts';
import { RunnerClients } from './runner-clients.ts';

/**
 * Entry point of a runner process (forked by the pool with Node's permission model on).
 * It runs one block at a time and keeps its connection clients between runs.
 */

interface PendingAsk {
  run: BlockRun;
  resolve(grant: ConnectionGrant): void;
  reject(error: Error): void;
}

/** Refuses to run user code in a process that could write files, start processes or threads. */
function assertRestricted(): void {
  const permission = process.permission as typeof process.permission | undefined;
  const unrestricted =
    permission === undefined || permission.has('fs.write') || permission.has('child') || permission.has('worker') || permission.has('addon');
  if (unrestricted || typeof process.send !== 'function') {
    process.stderr.write('The block runner must be started by the runner pool, with --permission and an IPC channel.\n');
    process.exit(70);
  }
}

assertRestricted();

const clients = new RunnerClients();
const asks = new Map<number, PendingAsk>();
let nextRequestId = 1;
let active: BlockRun | undefined;

function send(message: FromRunner): void {
  process.send?.(message);
}

async function handleRun(message: RunMessage): Promise<void> {
  const run = new BlockRun(message.runId, message.code.split('\n').length, message.redact, send);
  active = run;
  const ask = (name: string): Promise<ConnectionGrant> =>
    new Promise((resolve, reject) => {
      const requestId = nextRequestId++;
      asks.set(requestId, { run, resolve, reject });
      send({ type: 'connection', runId: run.runId, requestId, name });
    });
  const end = await runBlock(message, run, clients, ask);
  active = undefined;
  try {
    send({ type: 'done', runId: run.runId, ...end });
  } catch (error) {
    // The result slipped past the plain-data copy and could not be serialized; report that instead.
    const reason = run.redactor.redact(error instanceof Error ? error.message : String(error));
    send({ type: 'done', runId: run.runId, status: 'error', outputs: [], error: { message: `The block's result could not be sent: ${reason}` } });
  }
}

function answer(message: Extract<ToRunner, { type: 'connection' }>): void {
  const pending = asks.get(message.requestId);
  if (pending === undefined) return;
  asks.delete(message.requestId);
  for (const value of message.redact) pending.run.redactor.add(value);
  if ('grant' in message) pending.resolve(message.grant);
  else pending.reject(new Error(message.error));
}

process.on('message', (message: ToRunner) => {
  if (message.type === 'run') void handleRun(message);
  else answer(message);
});
// Without the parent there is nobody to report to; leaving closes every socket with the process.
process.on('disconnect', () => process.exit(0));
// A failure outside the block's promise chain belongs to the run in progress. With no run in
// progress it comes from work an earlier block left behind, which has nobody to report to.
process.on('uncaughtException', (error) => active?.fail(error));
process.on('unhandledRejection', (reason) => active?.fail(reason));
