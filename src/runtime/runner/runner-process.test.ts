import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { readablePaths, runnerCommand } from './launch.ts';
import { RunnerProcess } from './runner-process.ts';
import { probeSandbox } from './sandbox.ts';


const probe = probeSandbox(readablePaths());
const command = runnerCommand(64, probe.available ? probe : undefined);

function processesWith(argument: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(argument);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('runner process', () => {
  it('leaves no process behind when killed at any point of its start', async () => {
    for (const delayMs of [0, 5, 20, 50, 100]) {
      // A marker argument, ignored by the runner, finds its processes wherever they were reparented.
      const marker = `ziggy-runner-kill-test-${process.pid}-${delayMs}`;
      const runner = new RunnerProcess({ command: command.command, args: [...command.args, marker] });
      await sleep(delayMs);
      runner.kill();
      assert.equal((await runner.exited).signal, 'SIGKILL');
      assert.deepEqual(processesWith(marker), [], `killed after ${delayMs} ms`);
    }
  });

  it('reports the end of a killed runner on its own, so a program awaiting it finishes instead of running dry', () => {
    // Node ends a program whose event loop is empty while it awaits (exit code 13): that is
    // what happens if the end is only seen by a fallback timer that does not keep it alive.
    const program = `
      import { RunnerProcess } from ${JSON.stringify(new URL('./runner-process.ts', import.meta.url).href)};
      const runner = new RunnerProcess(${JSON.stringify(command)});
      await runner.ready;
      runner.kill();
      const exit = await runner.exited;
      process.stdout.write(String(exit.signal));
    `;
    const outcome = spawnSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(outcome.status, 0, outcome.stderr);
    assert.equal(outcome.stdout, 'SIGKILL');
  });
});
