import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeTestCertificates } from './support/certificates.ts';
import { freePort, waitForListening } from './support/sockets.ts';

const dovecotBinary = '/usr/sbin/dovecot';
const lda = '/usr/lib/dovecot/dovecot-lda';

/**
 * A Dovecot IMAP server of the tests' own, on loopback: `imap` (plain, offers STARTTLS) and `imaps`
 * (TLS from the first byte) with a certificate signed by `ca`, one user from a passwd file, whose
 * Maildir is under a temp dir. Mail arrives by `deliver` (Dovecot's LDA, as a mail server would hand it over).
 */
export interface TestDovecot {
  host: '127.0.0.1';
  ports: { imap: number; imaps: number };
  user: string;
  password: string;
  ca: string;
  /** How long dovecot took from spawn to listening, ms. */
  startMs: number;
  deliver(raw: Buffer): Promise<void>;
  /** Ends the user's sessions from the server side (`doveadm kick`), as an idle timeout or a restart would. */
  kick(): Promise<void>;
  stop(): Promise<void>;
}

function config(directory: string, ports: { imap: number; imaps: number }, certificate: { certFile: string; keyFile: string }): string {
  return `# Written by test/dovecot.ts: a private instance, nothing of the system's mail setup.
base_dir = ${directory}/run
state_dir = ${directory}/state
instance_name = ziggy-test-${path.basename(directory)}
log_path = /dev/stderr
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <${certificate.certFile}
ssl_key = <${certificate.keyFile}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
# Dovecot runs as root here; its own processes use the accounts the Debian package made.
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = 100
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${directory}/passwd
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=${directory}/home/%u
}
# No growing delay after failed logins from one address (anvil's auth penalty): the tests fail logins on purpose.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${ports.imap}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${ports.imaps}
    ssl = yes
  }
}
`;
}


/** Starts `dovecot -F` (foreground) on its own config; stopped by signal, its temp dir removed. */
export async function startTestDovecot(): Promise<TestDovecot> {
  if (!existsSync(dovecotBinary)) throw new Error(`${dovecotBinary} not found: the IMAP tests need it. Run: apt-get install dovecot-imapd`);
  const directory = await mkdtemp(path.join(os.tmpdir(), 'ziggy-dovecot-'));
  // Dovecot's unprivileged processes must reach the passwd file, the certificates' dir and the Maildir.
  await chmod(directory, 0o755);
  const certificates = await makeTestCertificates(directory);
  const user = 'reader@example.test';
  const password = randomBytes(12).toString('base64url');
  await writeFile(path.join(directory, 'passwd'), `${user}:{PLAIN}${password}\n`, { mode: 0o644 });
  const home = path.join(directory, 'home');
  await mkdir(home);
  await chown(home, ...(await dovecotIds()));
  const ports = { imap: await freePort(), imaps: await freePort() };
  const configFile = path.join(directory, 'dovecot.conf');
  await writeFile(configFile, config(directory, ports, certificates));

  const started = performance.now();
  const child = spawn(dovecotBinary, ['-F', '-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => void (log = `${log}${chunk.toString()}`.slice(-4000)));
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  await waitForListening(ports.imap, child, { name: 'dovecot', output: () => log, intervalMs: 5 });
  await waitForListening(ports.imaps, child, { name: 'dovecot', output: () => log, intervalMs: 5 });
  const startMs = Math.round(performance.now() - started);

  return {
    host: '127.0.0.1',
    ports,
    user,
    password,
    ca: certificates.caPem,
    startMs,
    deliver: (raw) => deliver(configFile, user, raw),
    kick: () => runTool('/usr/bin/doveadm', ['-c', configFile, 'kick', user]),
    async stop() {
      process.removeListener('exit', kill);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** The uid and gid of the `dovecot` account the package created, for the Maildir's owner. */
async function dovecotIds(): Promise<[number, number]> {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((entry) => entry.startsWith('dovecot:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('no dovecot account in /etc/passwd: is dovecot-core installed?');
  return [Number(uid), Number(gid)];
}

/** Hands one message to Dovecot's LDA for the user's INBOX, as a mail server's local delivery does. */
function deliver(configFile: string, user: string, raw: Buffer): Promise<void> {
  return runTool(lda, ['-c', configFile, '-d', user], raw);
}

/** Runs one of Dovecot's tools to its end, its stderr in the error when it fails. */
function runTool(command: string, args: string[], input?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => void (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} exited with ${code}: ${errors}`))));
    child.stdin.end(input);
  });
}
