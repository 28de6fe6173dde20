import {
  classifyNetworkError,
  closingClient,
  runConnectionTest,
  unexpectedFailure,
  valuesAt,
  type TestContext,
  type TestFailure,
  type TestResult,
} from '../../core/index.ts';
import { connectOptions, newSftpClient } from './client.ts';
import { sftpSchema, type SftpConfig } from './schema.ts';

const concealed = ['password', 'privateKey', 'passphrase'];

/** Logs in (handshake + authentication), lists the home directory, and always ends the session. */
export function testSftp(config: SftpConfig, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step, signal) => {
      const valid = sftpSchema.parse(config);
      const client = newSftpClient();
      // ssh2 destroys its socket when readyTimeout passes, so a silent server cannot outlive the test.
      const readyTimeout = Math.min(valid.readyTimeout || context.timeoutMs, context.timeoutMs);
      return closingClient(signal, () => client.end(), async () => {
        await step('connect', () => client.connect({ ...connectOptions(valid), readyTimeout }));
        const home = await step('list home directory', async () => {
          const directory = await client.cwd();
          return { directory, entries: (await client.list(directory)).length };
        });
        return {
          message: `Logged in; the home directory ${home.directory} holds ${home.entries} entries.`,
          details: { homeDirectory: home.directory, entries: home.entries },
        };
      });
    },
    (error) => classifySftpError(error, config),
    { conceal: valuesAt(config, concealed) },
  );
}

/** Maps ssh2's messages (it sets no codes for SSH-level failures) and network errors to the field to fix. */
function classifySftpError(error: unknown, config: Partial<SftpConfig>): TestFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('All configured authentication methods failed')) {
    const keyOnly = config.privateKey !== undefined && config.password === undefined;
    return {
      code: 'auth_failed',
      message: keyOnly ? 'The server did not accept the private key for this user.' : 'The server did not accept the login for this user.',
      field: keyOnly ? 'privateKey' : 'password',
      hint: keyOnly
        ? "Check that the key's public half is in the user's authorized_keys on the server, and the username."
        : 'Check the password and the username.',
    };
  }
  if (message.includes('Host denied (verification failed)')) {
    return {
      code: 'host_key_mismatch',
      message: "The server's host key does not match the pinned fingerprint.",
      field: 'hostKeySha256',
      hint: 'If the server was reinstalled or its key rotated, pin the new fingerprint (ssh-keygen -l -E sha256 -f the host key); otherwise you may be talking to another machine.',
    };
  }
  if (message.includes('Timed out while waiting for handshake')) {
    return {
      code: 'timeout',
      message: 'The server did not complete the SSH handshake and login in time.',
      field: 'host',
      hint: 'Check the host and port, that no firewall silently drops the traffic, and raise readyTimeout for a slow server.',
    };
  }
  if (message.includes('Unsupported algorithm')) {
    return {
      code: 'config_invalid',
      message: 'An algorithm name in algorithms is not supported by the SSH client.',
      field: 'algorithms',
      hint: 'Check the spelling of the algorithm names, or remove algorithms to use the defaults.',
    };
  }
  if (/passphrase/i.test(message)) {
    return {
      code: 'key_invalid',
      message: 'The private key could not be decrypted.',
      field: 'passphrase',
      hint: 'Check the passphrase of the private key.',
    };
  }
  if (/privateKey|private key/i.test(message)) {
    return {
      code: 'key_invalid',
      message: 'The private key could not be read.',
      field: 'privateKey',
      hint: 'Paste the whole key text, including the BEGIN and END lines, in OpenSSH or PEM format.',
    };
  }
  const network = classifyNetworkError(error, { host: 'host', port: 'port', auth: 'password' }, { host: config.host, port: config.port });
  if (network !== undefined) return network;
  if (/handshake|protocol|Connection lost/i.test(message)) {
    return {
      code: 'not_ssh',
      message: 'The server did not speak SSH.',
      field: 'port',
      hint: 'Check that the port is the SSH/SFTP port of the server (usually 22).',
    };
  }
  return unexpectedFailure(error);
}
