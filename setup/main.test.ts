// The bootstrap as the test command runs it: a real process, as a user who is not root when this
// runs as root, asked for a package that does not exist.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const projectDir = dirname(dirname(fileURLToPath(import.meta.url)));
const nobody = 65534;
const runningAsRoot = process.getuid?.() === 0;

let work: string;
let nodeDir: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'ziggy-setup-'));
  chmodSync(work, 0o777);
  // Node 24 may live under /root, which another user cannot enter: give that user its own link to it.
  nodeDir = join(work, 'node-bin');
  mkdirSync(nodeDir, { mode: 0o755 });
  try {
    linkSync(process.execPath, join(nodeDir, 'node'));
  } catch {
    copyFileSync(process.execPath, join(nodeDir, 'node'));
    chmodSync(join(nodeDir, 'node'), 0o755);
  }
});

after(() => rmSync(work, { recursive: true, force: true }));

function requirementsFile(name: string, content: unknown): string {
  const path = join(work, name);
  writeFileSync(path, JSON.stringify(content), { mode: 0o644 });
  return path;
}

/** Runs a command as a user who is not root: `nobody` when the tests run as root, else the current user. */
function runAsUser(command: string, args: string[]) {
  return spawnSync(command, args, {
    cwd: projectDir,
    encoding: 'utf8',
    ...(runningAsRoot ? { uid: nobody, gid: nobody } : {}),
    env: { PATH: `${nodeDir}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: work, npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false' },
  });
}

const fakePackage = { package: 'ziggy-no-such-package', provides: ['/nonexistent/ziggy-no-such-tool'], why: 'a package the tests pretend to need' };

describe('the bootstrap of the test command, as a user who is not root', () => {
  it('stops at once with one message naming the missing package and the command that installs it', () => {
    const path = requirementsFile('missing.json', { server: [], test: [fakePackage], services: [] });
    const result = runAsUser('npm', ['run', '--silent', 'pretest', '--', '--requirements', path]);
    assert.notEqual(result.status, 0, 'the bootstrap must fail');
    assert.doesNotMatch(result.stdout, /installing/, 'it must not try to install without root');
    assert.match(result.stderr, /^\[setup\] cannot run the tests: this machine lacks what they need\./m);
    assert.match(result.stderr, /because this process is not root/);
    assert.match(result.stderr, /ziggy-no-such-package \(needs \/nonexistent\/ziggy-no-such-tool\): a package the tests pretend to need/);
    assert.match(result.stderr, /sudo apt-get update && sudo apt-get install -y --no-install-recommends ziggy-no-such-package\n/);
    assert.equal(result.stderr.match(/cannot run the tests/g)?.length, 1, 'one message, not one per test');
  });

  it('prints one line and succeeds when what is declared is present', () => {
    const present = { package: 'coreutils', provides: ['/bin/sh'], why: 'a shell' };
    const path = requirementsFile('present.json', { server: [present], test: [], services: [] });
    const result = runAsUser(join(nodeDir, 'node'), ['setup/main.ts', 'server', '--requirements', path]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '[setup] server: 1 system packages and 0 services present\n');
  });

  it('rejects a requirements file that is not valid, saying which field', () => {
    const path = requirementsFile('invalid.json', { server: [{ package: 'Bad Name', provides: [], why: '' }], test: [], services: [] });
    const result = runAsUser(join(nodeDir, 'node'), ['setup/main.ts', 'test', '--requirements', path]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /--requirements .*invalid\.json is not valid/);
    assert.match(result.stderr, /server\[0\]\.package/);
    assert.match(result.stderr, /server\[0\]\.provides/);
  });
});
