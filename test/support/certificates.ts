import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A CA and a server certificate it signed for 127.0.0.1 and localhost, as PEM text and as files in `directory`. */
export interface TestCertificates {
  caPem: string;
  certPem: string;
  keyPem: string;
  certFile: string;
  keyFile: string;
}

/** Generates the certificates with openssl into `directory`, for a test server that speaks TLS. */
export async function makeTestCertificates(directory: string): Promise<TestCertificates> {
  const file = (name: string) => path.join(directory, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: directory, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Ziggy test CA', '-keyout', 'ca.key', '-out', 'ca.crt');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
  await writeFile(file('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'san.ext', '-out', 'server.crt');
  return {
    caPem: await readFile(file('ca.crt'), 'utf8'),
    certPem: await readFile(file('server.crt'), 'utf8'),
    keyPem: await readFile(file('server.key'), 'utf8'),
    certFile: file('server.crt'),
    keyFile: file('server.key'),
  };
}
