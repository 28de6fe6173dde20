import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { z } from 'zod';
import { classifyNetworkError, closingClient, runConnectionTest, unexpectedFailure, valuesAt, type TestSuccess } from './connection-test.ts';
import type { TestContext } from './connector.ts';
import { blackHole, freePort } from '../../test/support/sockets.ts';

const fields = { host: 'host', port: 'port', tls: 'ssl' };

function context(timeoutMs: number, signal = new AbortController().signal): TestContext {
  return { signal, timeoutMs };
}

function connectError(options: net.NetConnectOpts): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(options);
    socket.on('connect', () => {
      socket.destroy();
      reject(new Error('expected the connection to fail'));
    });
    socket.on('error', resolve);
  });
}

test('a refused port maps to connection_refused on the port field', async () => {
  const port = await freePort();
  const error = await connectError({ host: '127.0.0.1', port });
  const failure = classifyNetworkError(error, fields);
  assert.equal(failure?.code, 'connection_refused');
  assert.equal(failure?.field, 'port');
  assert.match(failure?.hint ?? '', /listening on that port/);
  assert.match(failure?.message ?? '', new RegExp(`port ${port}`));
});

test('an unknown host maps to host_not_found on the host field', async () => {
  const error = await connectError({ host: 'nonexistent.invalid', port: 5432 });
  const failure = classifyNetworkError(error, fields);
  assert.equal(failure?.code, 'host_not_found');
  assert.equal(failure?.field, 'host');
  assert.match(failure?.message ?? '', /nonexistent\.invalid/);
});

test('a TLS handshake with a server that does not speak TLS maps to tls_failed on the tls field', async () => {
  // Answers the TLS ClientHello with plain HTTP, as a server on the wrong port would.
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.on('data', () => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  try {
    const error = await new Promise<unknown>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: true });
      socket.on('error', (err) => {
        socket.destroy();
        resolve(err);
      });
    });
    const failure = classifyNetworkError(error, fields);
    assert.equal(failure?.code, 'tls_failed');
    assert.equal(failure?.field, 'ssl');
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('errors wrapped by a client library are still recognised by code, with the target filling in host and port', () => {
  const wrapped = Object.assign(new Error('connect: getConnection: connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  const failure = classifyNetworkError(wrapped, { host: 'host', port: 'port' }, { host: 'files.example', port: 2222 });
  assert.equal(failure?.code, 'connection_refused');
  assert.match(failure?.message ?? '', /"files\.example" on port 2222/);
  const viaCause = new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'EHOSTUNREACH' }) });
  assert.equal(classifyNetworkError(viaCause, fields)?.code, 'unreachable');
});

test('errors that are not network errors are left to the connector', () => {
  assert.equal(classifyNetworkError(new Error('syntax error at or near "SELEC"'), fields), undefined);
  assert.equal(classifyNetworkError('a string', fields), undefined);
  assert.equal(classifyNetworkError(null, fields), undefined);
});

test('a passing body records its steps and details', async () => {
  const result = await runConnectionTest(
    context(1000),
    async (step) => {
      const greeting = await step('connect', async () => 'hello');
      await step('query', async () => greeting.length);
      return { message: 'Connected.', details: { serverVersion: '15.4' } };
    },
    unexpectedFailure,
  );
  assert.equal(result.ok, true);
  assert.equal(result.code, 'ok');
  assert.deepEqual(result.details, { serverVersion: '15.4' });
  assert.deepEqual(
    result.steps.map((step) => [step.name, step.ok]),
    [
      ['connect', true],
      ['query', true],
    ],
  );
  assert.ok(result.durationMs >= 0);
});

test('a failing step is marked failed, carries the classified message, and nothing throws', async () => {
  const result = await runConnectionTest(
    context(1000),
    async (step) => {
      await step('connect', async () => undefined);
      await step('login', async () => {
        throw new Error('password authentication failed');
      });
      return { message: 'unreachable' };
    },
    () => ({ code: 'auth_failed', message: 'The server refused the password.', field: 'password', hint: 'Check it.' }),
  );
  assert.equal(result.ok, false);
  assert.equal(result.code, 'auth_failed');
  assert.equal(result.field, 'password');
  assert.equal(result.hint, 'Check it.');
  assert.deepEqual(
    result.steps.map((step) => [step.name, step.ok, step.message]),
    [
      ['connect', true, undefined],
      ['login', false, 'The server refused the password.'],
    ],
  );
});

test('a body that throws synchronously or a classifier that throws still yields a result', async () => {
  const result = await runConnectionTest(
    context(1000),
    () => {
      throw new TypeError('bad config');
    },
    () => {
      throw new Error('classifier broke');
    },
  );
  assert.equal(result.ok, false);
  assert.equal(result.code, 'failed');
  assert.match(result.message, /bad config/);
});

test('a server that accepts and never answers ends in timeout on the host field, and the body is told to stop', async () => {
  const hole = await blackHole();
  let bodyAborted = false;
  try {
    const started = performance.now();
    const result = await runConnectionTest(
      context(300),
      (step, signal) =>
        step('connect', async () => {
          const socket = net.connect({ host: '127.0.0.1', port: hole.port });
          signal.addEventListener('abort', () => {
            bodyAborted = true;
            socket.destroy();
          });
          await new Promise((resolve, reject) => {
            socket.on('data', resolve);
            socket.on('error', reject);
            socket.on('close', () => reject(new Error('closed')));
          });
          return { message: 'never' };
        }),
      unexpectedFailure,
    );
    assert.ok(performance.now() - started < 2000);
    assert.equal(result.code, 'timeout');
    assert.equal(result.field, 'host');
    assert.match(result.hint ?? '', /firewall/);
    assert.deepEqual(
      result.steps.map((step) => [step.name, step.ok]),
      [['connect', false]],
    );
    assert.equal(bodyAborted, true);
  } finally {
    await hole.close();
  }
});

test('a step that fails after the timeout does not change the returned result', async () => {
  let failLate: (error: Error) => void = () => undefined;
  const result = await runConnectionTest(
    context(50),
    (step) =>
      step('connect', () => new Promise<TestSuccess>((_resolve, reject) => (failLate = reject))),
    unexpectedFailure,
  );
  const before = JSON.stringify(result);
  failLate(new Error('late'));
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(JSON.stringify(result), before);
  assert.equal(result.steps.length, 1);
});

test('a time limit beyond what setTimeout holds is not turned into an instant timeout', async () => {
  const result = await runConnectionTest(context(Number.MAX_SAFE_INTEGER), async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { message: 'done' };
  }, unexpectedFailure);
  assert.equal(result.ok, true, result.message);
});

test("the caller's abort signal ends the test as a timeout", async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const result = await runConnectionTest(context(10_000, controller.signal), () => new Promise(() => undefined), unexpectedFailure);
  assert.equal(result.code, 'timeout');
  assert.ok(result.durationMs < 5000);
});

test('concealed values never appear in any text of the result', async () => {
  const canary = 'canary-Pa55-word';
  const result = await runConnectionTest(
    context(1000),
    (step) =>
      step('login', async () => {
        throw new Error(`login with ${canary} refused`);
      }),
    unexpectedFailure,
    { conceal: [canary, undefined] },
  );
  assert.equal(result.ok, false);
  assert.ok(!JSON.stringify(result).includes(canary));
  assert.match(result.message, /\[hidden\]/);
});

test('a zod error from the body becomes config_invalid on the offending field, naming unknown keys', async () => {
  const schema = z.strictObject({ host: z.string(), port: z.number().optional() });
  const wrongType = await runConnectionTest(context(1000), async () => ({ message: String(schema.parse({ host: 1 })) }), unexpectedFailure);
  assert.equal(wrongType.code, 'config_invalid');
  assert.equal(wrongType.field, 'host');
  const typo = await runConnectionTest(context(1000), async () => ({ message: String(schema.parse({ host: 'h', prot: 1 })) }), unexpectedFailure);
  assert.equal(typo.field, 'prot');
  assert.match(typo.message, /Unrecognized key/);
});

test('valuesAt reads string values at dotted paths of a config of any shape', () => {
  assert.deepEqual(valuesAt({ password: 'p', ssl: { key: 'k' }, port: 1 }, ['password', 'ssl.key', 'port', 'missing.deep']), ['p', 'k']);
  assert.deepEqual(valuesAt(null, ['password']), []);
  assert.deepEqual(valuesAt('text', ['length']), []);
});

test('closingClient closes when the signal aborts mid-work and again when the work ends, ignoring close errors', async () => {
  const abort = new AbortController();
  let closes = 0;
  const close = async (): Promise<void> => {
    closes++;
    throw new Error('already closed');
  };
  const value = await closingClient(abort.signal, close, async () => {
    abort.abort();
    assert.equal(closes, 1, 'the abort closes the client at once');
    return 'done';
  });
  assert.equal(value, 'done');
  assert.equal(closes, 2);
  await assert.rejects(closingClient(new AbortController().signal, close, () => Promise.reject(new Error('work failed'))), /work failed/);
  assert.equal(closes, 3, 'a failing work still closes the client');
});
