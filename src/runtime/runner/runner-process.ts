import { spawn, type ChildProcess } from 'node:child_process';
import { runnerEnv, type RunnerCommand } from './launch.ts';
import { childPids } from './process-children.ts';
import type { FromRunner, RunMessage, ToRunner } from './protocol.ts';

/** How a runner process ended. */
export interface RunnerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** V8 stopped it at the heap limit. */
  outOfMemory: boolean;
  /** The end of what it wrote to stderr, for a crash message. */
  stderrTail: string;
}

const stderrKept = 4000;
const closeGraceMs = 2000;
// V8 prints one of these before it aborts at --max-old-space-size.
const outOfMemoryPattern = /Reached heap limit|JavaScript heap out of memory/;

/**
 * A new runner is ready once it has run this fixed block of the product's own, sent like any
 * run, so a new lane's first run finds the whole run path warm: the IPC channel both ways and
 * its deserializer, the vm context, compile, the plain-data copy. It touches no connection or
 * secret, so the runner stays clean for its lane; nobody listens to what it sends.
 */
export const warmUpRun: RunMessage = {
  type: 'run',
  runId: 0,
  code: 'async function (n) { console.log(n); return { n, at: new Date() }; }',
  inputs: [1],
  mode: 'dev',
  executionId: 'warm-up',
  timeoutMs: 5000,
  connections: [],
  secrets: [],
  redact: [],
};

/** One runner process, seen from the pool. */
export class RunnerProcess {
  readonly #child: ChildProcess;
  readonly pid: number;
  /** Resolves when the runner has finished the warm-up run; rejects if it ended first. */
  readonly ready: Promise<void>;
  readonly exited: Promise<RunnerExit>;
  /** Receive the messages and the end of the process while a run is assigned; null between runs. */
  onMessage: ((message: FromRunner) => void) | null = null;
  onExit: ((exit: RunnerExit) => void) | null = null;
  runs = 0;
  #lane: string | undefined;
  /** It finished the warm-up run: a runner that never did is not replaced automatically, so a broken setup cannot respawn forever. */
  started = false;
  #stderr = '';
  #exit: RunnerExit | undefined;
  #killed = false;

  constructor(launch: RunnerCommand) {
    this.#child = spawn(launch.command, launch.args, {
      env: runnerEnv(),
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.pid = this.#child.pid ?? -1;
    this.#child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-stderrKept);
    });
    this.exited = new Promise((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (this.#exit !== undefined) return;
        this.#exit = { code, signal, outOfMemory: outOfMemoryPattern.test(this.#stderr), stderrTail: this.#stderr.trim() };
        this.onExit?.(this.#exit);
        resolve(this.#exit);
      };
      // 'close' comes after stderr is drained, so the out-of-memory text is in.
      this.#child.once('close', done);
      // A runner left behind in its sandbox by a kill during bubblewrap's start keeps the IPC channel
      // and stderr open: past a grace period our ends are closed (it leaves on disconnect) and we stop
      // waiting. Not at once: a disconnect during 'exit' keeps Node from ever emitting 'close'.
      this.#child.once('exit', (code, signal) => {
        setTimeout(() => {
          if (this.#child.connected) this.#child.disconnect();
          this.#child.stderr?.destroy();
          done(code, signal);
        }, closeGraceMs).unref();
      });
      // 'error' also reports a failed send; only a process that never started has ended with it.
      this.#child.on('error', () => {
        if (this.#child.pid === undefined) done(null, null);
      });
    });
    this.ready = new Promise((resolve, reject) => {
      const onReady = (message: FromRunner): void => {
        if (message.type !== 'done' || message.runId !== warmUpRun.runId) return;
        this.#child.off('message', onReady);
        this.started = true;
        resolve();
      };
      this.#child.on('message', onReady);
      void this.exited.then((exit) => {
        this.#child.off('message', onReady);
        reject(new Error(`The block runner did not start: ${describeExit(exit)}`));
      });
    });
    // Every caller awaits `ready` or `exited`; an early exit must not also count as unhandled.
    this.ready.catch(() => undefined);
    this.#child.on('message', (message: FromRunner) => this.onMessage?.(message));
    this.#child.send(warmUpRun);
  }

  /** The trust lane this runner serves, once it took its first run; undefined for a spare. */
  get lane(): string | undefined {
    return this.#lane;
  }

  /** Binds a spare to a lane for the rest of its life: a runner never serves two lanes. */
  bindTo(lane: string): void {
    if (this.#lane !== undefined && this.#lane !== lane) throw new Error('A block runner never changes its trust lane.');
    this.#lane = lane;
  }

  /** The pool or a deadline ended it, as opposed to a crash. */
  get killed(): boolean {
    return this.#killed;
  }

  /** False from the moment it is killed, before the process is gone, so no run is handed to it. */
  get alive(): boolean {
    return !this.#killed && this.#exit === undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  send(message: ToRunner): void {
    if (this.alive && this.#child.connected) this.#child.send(message);
  }

  /** Ends the process at once; a runner holds no state worth a graceful stop. */
  kill(): void {
    if (!this.alive) return;
    this.#killed = true;
    // Bubblewrap's init ends the whole sandbox when it dies; killing only bubblewrap itself may
    // come before the sandbox is bound to it, so its children go first.
    for (const child of childPids(this.pid)) signal(child);
    this.#child.kill('SIGKILL');
  }
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

export function describeExit(exit: RunnerExit): string {
  const how = exit.signal !== null ? `signal ${exit.signal}` : `exit code ${exit.code ?? 'unknown'}`;
  const lastLine = exit.stderrTail.split('\n').filter((line) => line.trim() !== '').at(-1);
  return lastLine === undefined ? how : `${how}: ${lastLine}`;
}
