import { z } from 'zod';

/** Users write numbers as strings (the seed's `port: '22'`); accept digit strings, refuse anything else that is not a number. */
function digitsToNumber(value: unknown): unknown {
  return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

const milliseconds = z.preprocess(digitsToNumber, z.number().int().min(0));
const algorithmList = z.array(z.string().min(1));

const algorithms = z
  .strictObject({
    kex: algorithmList.optional().describe('Key exchange algorithms, most preferred first.'),
    cipher: algorithmList.optional().describe('Ciphers, most preferred first.'),
    serverHostKey: algorithmList.optional().describe('Host key algorithms, most preferred first.'),
    hmac: algorithmList.optional().describe('MAC algorithms, most preferred first.'),
    compress: algorithmList.optional().describe('Compression algorithms, most preferred first.'),
  })
  .describe('Replace the SSH algorithm lists offered to the server, for old servers that need legacy algorithms.');

/**
 * The ssh2 connection options that make sense as data. Functions (such as ssh2's own
 * `hostVerifier`) cannot be written in a config object, so the host key is pinned with
 * `hostKeySha256` instead. Unknown keys are refused so typos are caught.
 */
export const sftpSchema = z
  .strictObject({
    host: z.string().min(1).describe('Host name or IP address of the SFTP server.'),
    port: z
      .preprocess(digitsToNumber, z.number().int().min(1).max(65535))
      .default(22)
      .describe("TCP port of the SSH server; a string such as '22' is accepted."),
    username: z.string().min(1).describe('User to log in as.'),
    password: z.string().optional().describe('Password of the user; reference a secret, e.g. secrets.SFTP_PASSWORD.'),
    privateKey: z
      .string()
      .min(1)
      .optional()
      .describe('Private key text (OpenSSH or PEM format) for key login; when a password is given too, the password is tried first.'),
    passphrase: z.string().optional().describe('Passphrase that decrypts privateKey, if it is encrypted.'),
    readyTimeout: milliseconds.default(20000).describe('Milliseconds to wait for the SSH handshake and login.'),
    keepaliveInterval: milliseconds
      .optional()
      .describe('Milliseconds between keep-alive packets on an idle session; 0 turns them off (the default).'),
    algorithms: algorithms.optional(),
    hostKeySha256: z
      .string()
      .regex(/^(SHA256:)?[A-Za-z0-9+/]{43}=?$/, "Use the fingerprint as ssh-keygen -l prints it: 'SHA256:' and 43 base64 characters.")
      .optional()
      .describe("Pin the server's host key: its SHA256 fingerprint as ssh-keygen -l -E sha256 prints it; the login fails on any other key."),
  })
  .refine((config) => config.password !== undefined || config.privateKey !== undefined, {
    message: 'Give a password or a privateKey to log in with.',
    path: ['password'],
  });

export type SftpConfig = z.output<typeof sftpSchema>;
