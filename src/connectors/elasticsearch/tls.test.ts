import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startFakeElasticsearch, type FakeElasticsearch } from '../../../test/fakes/elasticsearch.ts';
import elasticsearch from './index.ts';
import { elasticsearchSchema } from './schema.ts';

// A self-managed cluster's TLS: the fake serves https with a certificate signed by a CA made here
// with openssl (as a new cluster makes its http_ca.crt), and sends the CA in its chain.
let directory: string;
let fake: FakeElasticsearch;
let caPem: string;
let caFingerprint: string;

before(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'ziggy-es-tls-'));
  const file = (name: string) => path.join(directory, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: directory, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Elasticsearch security auto-configuration HTTP CA', '-keyout', 'ca.key', '-out', 'ca.crt');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'node.key', '-out', 'node.csr');
  await writeFile(file('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', 'node.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'san.ext', '-out', 'node.crt');
  caPem = await readFile(file('ca.crt'), 'utf8');
  caFingerprint = new X509Certificate(caPem).fingerprint256;
  const chain = `${await readFile(file('node.crt'), 'utf8')}${caPem}`;
  fake = await startFakeElasticsearch({ tls: { key: await readFile(file('node.key'), 'utf8'), cert: chain } });
});
after(async () => {
  await fake.close();
  await rm(directory, { recursive: true, force: true });
});

function check(config: Record<string, unknown>) {
  return elasticsearch.testConnection(elasticsearchSchema.parse(config), { signal: new AbortController().signal, timeoutMs: 10_000 });
}

test('tls.ca with the PEM of the cluster CA connects over https', async () => {
  const result = await check({ node: fake.url, tls: { ca: caPem } });
  assert.equal(result.ok, true, `${result.code}: ${result.message}`);
});

test('a certificate no trusted authority signed is blamed on tls.ca', async () => {
  const result = await check({ node: fake.url });
  assert.equal(result.code, 'tls_failed', result.message);
  assert.equal(result.field, 'tls.ca');
});

test('caFingerprint pins the CA, as the Elastic docs write it (with rejectUnauthorized: false for a self-signed CA)', async () => {
  const pinned = await check({ node: fake.url, caFingerprint, tls: { rejectUnauthorized: false } });
  assert.equal(pinned.ok, true, `${pinned.code}: ${pinned.message}`);
  const lowerCaseBare = caFingerprint.replaceAll(':', '').toLowerCase();
  assert.equal((await check({ node: fake.url, caFingerprint: lowerCaseBare, tls: { rejectUnauthorized: false } })).ok, true, 'hex without colons, any case');
});

test('caFingerprint on a self-signed CA without rejectUnauthorized: false is blamed on tls.rejectUnauthorized', async () => {
  const result = await check({ node: fake.url, caFingerprint });
  assert.equal(result.code, 'tls_failed', result.message);
  assert.equal(result.field, 'tls.rejectUnauthorized');
  assert.match(result.hint ?? '', /rejectUnauthorized: false/);
});

test('a fingerprint of another CA is blamed on caFingerprint', async () => {
  const other = 'AB:'.repeat(31) + 'AB';
  const result = await check({ node: fake.url, caFingerprint: other, tls: { rejectUnauthorized: false } });
  assert.equal(result.code, 'tls_failed', result.message);
  assert.equal(result.field, 'caFingerprint');
});
