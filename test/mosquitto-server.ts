import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitForListening } from './support/sockets.ts';

const run = promisify(execFile);
const mosquittoPath = '/usr/sbin/mosquitto';

/** A certificate and its private key, PEM text, as a config's `tls.cert` and `tls.key` take them. */
export interface TestCertificate {
  cert: string;
  key: string;
}

/**
 * A second Mosquitto on loopback, for what the machine's open broker cannot show: a TLS listener
 * that requires a client certificate and takes its CN as the user name, and a plain listener
 * with a password file.
 */
export interface TestMosquitto {
  host: '127.0.0.1';
  /** TLS, `require_certificate true`, `use_identity_as_username true`; the server certificate names 127.0.0.1 and localhost. */
  tlsPort: number;
  /** Plain MQTT with `allow_anonymous false` and a password file holding `user`. */
  passwordPort: number;
  /** The CA that signed the server and the client certificates. */
  ca: string;
  /** The broker's own certificate (SAN 127.0.0.1 and localhost) and key, for another TLS server a test starts in its place. */
  server: TestCertificate;
  /** Signed by `ca`, CN `ziggy-device`: accepted. */
  client: TestCertificate;
  /** Signed by `ca` but with no CN, so there is no identity to use as a user name: CONNACK not authorized. */
  clientWithoutIdentity: TestCertificate;
  /** Signed by a CA the broker does not know: refused in the TLS handshake. */
  strangerClient: TestCertificate;
  /** A CA that signed nothing the broker shows: trusting only it, the server certificate is unknown. */
  otherCa: string;
  user: { username: string; password: string };
  stop(): Promise<void>;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir });
}

/** A P-256 key and a certificate for `subject`, signed by the CA named `issuer` (its .pem and .key in dir). */
async function issue(dir: string, name: string, subject: string, issuer: string, extensions?: string): Promise<void> {
  await openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
  const extra = extensions === undefined ? [] : ['-extfile', `${name}.ext`];
  if (extensions !== undefined) await writeFile(path.join(dir, `${name}.ext`), extensions);
  await openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial', '-days', '2', '-out', `${name}.pem`, ...extra]);
}

async function authority(dir: string, name: string, subject: string): Promise<void> {
  await openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-subj', subject, '-days', '2']);
}

async function certificate(dir: string, name: string): Promise<TestCertificate> {
  return { cert: await readFile(path.join(dir, `${name}.pem`), 'utf8'), key: await readFile(path.join(dir, `${name}.key`), 'utf8') };
}


/** Generates the certificates with openssl in a temp dir and starts mosquitto in the foreground on two free ports; stopped by pid. */
export async function startTestMosquitto(): Promise<TestMosquitto> {
  if (!existsSync(mosquittoPath)) throw new Error(`${mosquittoPath} not found: the MQTT tests need it. Run: apt-get install mosquitto`);
  const dir = await mkdtemp(path.join(os.tmpdir(), `ziggy-mosquitto-${process.pid}-`));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    await Promise.all([authority(dir, 'ca', '/CN=Ziggy Test CA'), authority(dir, 'other-ca', '/CN=Ziggy Other CA')]);
    await Promise.all([
      issue(dir, 'server', '/CN=localhost', 'ca', 'subjectAltName=IP:127.0.0.1,DNS:localhost\n'),
      issue(dir, 'client', '/CN=ziggy-device', 'ca'),
      issue(dir, 'anonymous-client', '/O=Ziggy Test', 'ca'),
      issue(dir, 'stranger', '/CN=ziggy-stranger', 'other-ca'),
    ]);
    const user = { username: 'ziggy', password: randomBytes(12).toString('base64url') };
    await run('mosquitto_passwd', ['-b', '-c', path.join(dir, 'passwd'), user.username, user.password]);
    const [tlsPort, passwordPort] = [await freePort(), await freePort()];
    const config = [
      'per_listener_settings true',
      'persistence false',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      // As root mosquitto would switch to the `mosquitto` user, who cannot read the temp dir.
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      `listener ${tlsPort} 127.0.0.1`,
      `cafile ${path.join(dir, 'ca.pem')}`,
      `certfile ${path.join(dir, 'server.pem')}`,
      `keyfile ${path.join(dir, 'server.key')}`,
      'require_certificate true',
      'use_identity_as_username true',
      'allow_anonymous false',
      `listener ${passwordPort} 127.0.0.1`,
      'allow_anonymous false',
      `password_file ${path.join(dir, 'passwd')}`,
      '',
    ].join('\n');
    await writeFile(path.join(dir, 'mosquitto.conf'), config);
    const child = spawn(mosquittoPath, ['-c', path.join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    });
    const kill = (): void => {
      child.kill('SIGKILL');
      removeDir();
    };
    process.once('exit', kill);
    try {
      for (const port of [tlsPort, passwordPort]) await waitForListening(port, child, { name: 'mosquitto', output: () => output, intervalMs: 20 });
    } catch (error) {
      process.removeListener('exit', kill);
      kill();
      throw error;
    }
    return {
      host: '127.0.0.1',
      tlsPort,
      passwordPort,
      ca: await readFile(path.join(dir, 'ca.pem'), 'utf8'),
      server: await certificate(dir, 'server'),
      client: await certificate(dir, 'client'),
      clientWithoutIdentity: await certificate(dir, 'anonymous-client'),
      strangerClient: await certificate(dir, 'stranger'),
      otherCa: await readFile(path.join(dir, 'other-ca.pem'), 'utf8'),
      user,
      stop: async () => {
        process.removeListener('exit', kill);
        if (child.exitCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        }
        removeDir();
      },
    };
  } catch (error) {
    removeDir();
    throw error;
  }
}
