import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readablePaths } from './launch.ts';
import { probeSandbox, sandboxArgs, sandboxUid, uidDrop } from './sandbox.ts';

// The sandbox on its own, without Node's permission model: the wall that must hold when the
// permission model is passed too.
const canary = `canary-master-key-${randomBytes(4).toString('hex')}`;
let outsideDir: string;

before(async () => {
  outsideDir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-sandbox-'));
  await writeFile(path.join(outsideDir, 'master.key'), canary, { mode: 0o644 });
});
after(() => rm(outsideDir, { recursive: true, force: true }));

const probeScript = `
  const fs = require('node:fs');
  const attempt = (action) => { try { return action(); } catch (error) { return error.code; } };
  const [keyFile, codeDir, serverPid] = process.argv.slice(1);
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  console.log(JSON.stringify({
    uid: process.getuid(),
    pid: process.pid,
    ppid: process.ppid,
    noNewPrivs: /NoNewPrivs:\\s*1/.test(status),
    processes: fs.readdirSync('/proc').filter((name) => /^\\d+$/.test(name)).map(Number),
    tmp: fs.readdirSync('/tmp'),
    readKey: attempt(() => fs.readFileSync(keyFile, 'utf8')),
    writeCode: attempt(() => fs.writeFileSync(codeDir + '/planted.txt', 'x')),
    signalServer: attempt(() => process.kill(Number(serverPid), 0)),
    killParent: attempt(() => process.kill(process.ppid, 'SIGKILL')),
    killAll: attempt(() => process.kill(-1, 'SIGKILL') ?? 'sent'),
  }));
`;

function runInSandbox(): Record<string, unknown> {
  const probe = probeSandbox(readablePaths());
  assert.ok(probe.available, `the sandbox must start here (the test command's bootstrap installs bubblewrap): ${probe.available ? '' : probe.reason}`);
  const codeDir = readablePaths().find((readable) => readable.endsWith('src')) ?? '';
  const args = [...sandboxArgs(readablePaths()), '--', ...uidDrop(), process.execPath, '-e', probeScript, path.join(outsideDir, 'master.key'), codeDir, String(process.pid)];
  const outcome = spawnSync(probe.bwrap, args, { encoding: 'utf8', env: {} });
  assert.equal(outcome.status, 0, outcome.stderr);
  return JSON.parse(outcome.stdout) as Record<string, unknown>;
}

describe('the runner sandbox', () => {
  it('runs Node in a private PID namespace where the server and its processes do not exist', () => {
    const report = runInSandbox();
    assert.equal(report['pid'], 2);
    assert.equal(report['ppid'], 1);
    assert.deepEqual(report['processes'], [1, 2]);
    assert.equal(report['signalServer'], 'ESRCH');
  });

  it('cannot kill its parent or anything else', () => {
    const report = runInSandbox();
    assert.equal(report['killParent'], 'EPERM');
    // kill(-1) reaches only the sandbox's own processes; the test process is still here to assert.
    assert.ok(['sent', 'EPERM', 'ESRCH'].includes(String(report['killAll'])), String(report['killAll']));
  });

  it('drops root to an unprivileged uid with no new privileges', { skip: process.getuid?.() !== 0 && 'only as root' }, () => {
    const report = runInSandbox();
    assert.equal(report['uid'], sandboxUid);
    assert.equal(report['noNewPrivs'], true);
  });

  it('sees an empty private /tmp, not the files outside, and cannot write the code', () => {
    const report = runInSandbox();
    // Empty, but for the way to the code when the project itself lives under /tmp (a CI clone).
    const codeUnderTmp = readablePaths().filter((readable) => readable.startsWith('/tmp/')).map((readable) => readable.split('/')[2]);
    assert.deepEqual(report['tmp'], [...new Set(codeUnderTmp)]);
    assert.equal(report['readKey'], 'ENOENT');
    assert.ok(['EROFS', 'EACCES'].includes(String(report['writeCode'])), String(report['writeCode']));
  });

  it('shows nothing of the project but its code and node_modules', () => {
    const args = [...sandboxArgs(readablePaths()), '--', ...uidDrop(), process.execPath, '-e', 'console.log(JSON.stringify(require("node:fs").readdirSync(process.argv[1])))'];
    const projectRoot = path.dirname(readablePaths().find((readable) => readable.endsWith('node_modules')) ?? '');
    const probe = probeSandbox(readablePaths());
    assert.ok(probe.available);
    const outcome = spawnSync(probe.bwrap, [...args, projectRoot], { encoding: 'utf8', env: {} });
    assert.equal(outcome.status, 0, outcome.stderr);
    const listed = (JSON.parse(outcome.stdout) as string[]).sort();
    assert.ok(listed.every((name) => ['node_modules', 'package.json', 'src'].includes(name)), listed.join(', '));
    assert.ok(!listed.includes('data'));
  });
});
