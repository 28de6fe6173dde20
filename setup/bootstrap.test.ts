import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootstrap } from './bootstrap.ts';
import type { CommandResult, Machine } from './machine.ts';
import type { Requirements } from './requirements.ts';

const declared: Requirements = {
  server: [{ package: 'bubblewrap', provides: ['/usr/bin/bwrap'], why: 'sandboxes runners' }],
  test: [
    { package: 'openssh-server', provides: ['/usr/sbin/sshd'], why: 'SFTP tests' },
    { package: 'chromium', provides: ['/usr/bin/chromium'], why: 'browser tests' },
  ],
  services: [{ name: 'PostgreSQL', port: 5432, start: 'pg_ctlcluster 15 main start', why: 'store tests' }],
};

interface FakeOptions {
  files?: string[];
  openPorts?: number[];
  root?: boolean;
  apt?: boolean;
  /** What a command does: its result, and files or ports it brings. */
  onRun?: (commandLine: string, fake: FakeMachine) => CommandResult;
}

class FakeMachine implements Machine {
  files: Set<string>;
  ports: Set<number>;
  commands: string[] = [];
  lines: string[] = [];
  private readonly options: FakeOptions;
  constructor(options: FakeOptions) {
    this.options = options;
    this.files = new Set(options.files ?? []);
    this.ports = new Set(options.openPorts ?? []);
  }
  exists(path: string) {
    return this.files.has(path);
  }
  isRoot() {
    return this.options.root ?? true;
  }
  hasApt() {
    return this.options.apt ?? true;
  }
  async portOpen(port: number) {
    return this.ports.has(port);
  }
  async run(commandLine: string) {
    this.commands.push(commandLine);
    return this.options.onRun?.(commandLine, this) ?? { code: 0, output: '' };
  }
  async sleep() {}
  print(line: string) {
    this.lines.push(line);
  }
}

const everything = ['/usr/bin/bwrap', '/usr/sbin/sshd', '/usr/bin/chromium'];

function aptInstalls(paths: string[]) {
  return (commandLine: string, fake: FakeMachine): CommandResult => {
    if (commandLine.includes(' install ')) for (const path of paths) fake.files.add(path);
    return { code: 0, output: '' };
  };
}

describe('bootstrap', () => {
  it('only checks, and says so in one line, when everything is present', async () => {
    const machine = new FakeMachine({ files: everything, openPorts: [5432] });
    assert.deepEqual(await bootstrap('test', declared, machine), { ok: true });
    assert.deepEqual(machine.commands, []);
    assert.deepEqual(machine.lines, ['[setup] test: 3 system packages and 1 services present']);
  });

  it('as root on Debian installs the missing packages with one apt-get update and one install, a line per package', async () => {
    const machine = new FakeMachine({ files: ['/usr/bin/bwrap'], openPorts: [5432], onRun: aptInstalls(everything) });
    assert.deepEqual(await bootstrap('test', declared, machine), { ok: true });
    assert.equal(machine.commands.length, 2);
    assert.match(machine.commands[0]!, /^apt-get .*update/);
    assert.match(machine.commands[1]!, /^apt-get .*install -y -qq --no-install-recommends openssh-server chromium$/);
    assert.ok(machine.lines.some((line) => line.startsWith('[setup] installing openssh-server')));
    assert.ok(machine.lines.some((line) => line.startsWith('[setup] installing chromium')));
  });

  it('the server needs only its own packages and no services', async () => {
    const machine = new FakeMachine({ files: ['/usr/bin/bwrap'], openPorts: [] });
    assert.deepEqual(await bootstrap('server', declared, machine), { ok: true });
    assert.deepEqual(machine.commands, []);
  });

  it('when not root it installs nothing and returns one message with the packages, the reason and the exact command', async () => {
    const machine = new FakeMachine({ files: ['/usr/bin/bwrap'], openPorts: [], root: false });
    const outcome = await bootstrap('test', declared, machine);
    assert.equal(outcome.ok, false);
    assert.deepEqual(machine.commands, []);
    const message = outcome.ok ? '' : outcome.message;
    assert.match(message, /because this process is not root/);
    assert.match(message, /openssh-server \(needs \/usr\/sbin\/sshd\): SFTP tests/);
    assert.match(message, /sudo apt-get update && sudo apt-get install -y --no-install-recommends openssh-server chromium/);
    assert.match(message, /PostgreSQL on 127\.0\.0\.1:5432: store tests\n {4}start it with: sudo sh -c 'pg_ctlcluster 15 main start'/);
  });

  it('without apt-get (macOS, another Linux) it says so instead of trying', async () => {
    const machine = new FakeMachine({ files: [], openPorts: [5432], apt: false });
    const outcome = await bootstrap('test', declared, machine);
    assert.equal(outcome.ok, false);
    assert.deepEqual(machine.commands, []);
    assert.match(outcome.ok ? '' : outcome.message, /no apt-get \(it is not Debian or Ubuntu\)/);
  });

  it('reports a failed install with apt-get’s last lines and the packages still missing', async () => {
    const machine = new FakeMachine({
      files: everything.slice(0, 1),
      openPorts: [5432],
      onRun: (commandLine) => (commandLine.includes(' install ') ? { code: 100, output: 'E: Unable to locate package chromium' } : { code: 0, output: '' }),
    });
    const outcome = await bootstrap('test', declared, machine);
    const message = outcome.ok ? '' : outcome.message;
    assert.match(message, /because `apt-get install` failed/);
    assert.match(message, /\| E: Unable to locate package chromium/);
  });

  it('catches a package that installs but does not provide the file the project uses', async () => {
    const machine = new FakeMachine({ files: everything.slice(0, 2), openPorts: [5432] });
    const outcome = await bootstrap('test', declared, machine);
    const message = outcome.ok ? '' : outcome.message;
    assert.match(message, /installed but their files are not where expected/);
    assert.match(message, /chromium \(needs \/usr\/bin\/chromium\)/);
    assert.doesNotMatch(message, /openssh-server \(needs/);
  });

  it('starts a service that is down and waits for its port', async () => {
    const machine = new FakeMachine({
      files: everything,
      openPorts: [],
      onRun: (commandLine, fake) => {
        if (commandLine === 'pg_ctlcluster 15 main start') fake.ports.add(5432);
        return { code: 0, output: '' };
      },
    });
    assert.deepEqual(await bootstrap('test', declared, machine), { ok: true });
    assert.deepEqual(machine.commands, ['pg_ctlcluster 15 main start']);
    assert.ok(machine.lines.includes('[setup] PostgreSQL is up'));
  });

  it('says which service did not come up, and how it was started', async () => {
    const machine = new FakeMachine({ files: everything, openPorts: [], onRun: () => ({ code: 1, output: 'Error: cluster not found' }) });
    const outcome = await bootstrap('test', declared, machine);
    const message = outcome.ok ? '' : outcome.message;
    assert.match(message, /because its start command failed/);
    assert.match(message, /PostgreSQL on 127\.0\.0\.1:5432/);
    assert.match(message, /\| Error: cluster not found/);
  });
});
