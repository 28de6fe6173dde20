import { createPrivateKey } from 'node:crypto';
import type { TestFailure } from '../../core/index.ts';
import { authenticators, type SnowflakeConfig } from './schema.ts';

// Snowflake's programmatic access tokens are JWT-like and a few hundred characters long; a
// value this short is a password pasted where the token belongs.
const shortestToken = 60;

const patSteps =
  'An administrator creates one with CREATE NETWORK POLICY … and ALTER USER <user> ADD PROGRAMMATIC ACCESS TOKEN <name> NETWORK_POLICY = <policy> DAYS_TO_EXPIRY = 365; the token is shown once and must be copied then (see the Snowflake connection docs).';

/** What is wrong with the authenticator's value, or undefined when it is one we support. */
export function authenticatorProblem(authenticator: string): TestFailure | undefined {
  if ((authenticators as readonly string[]).includes(authenticator)) return undefined;
  const guess = /PAT|TOKEN/i.test(authenticator)
    ? 'PROGRAMMATIC_ACCESS_TOKEN'
    : /JWT|KEY/i.test(authenticator)
      ? 'SNOWFLAKE_JWT'
      : /PASS|SNOW/i.test(authenticator)
        ? 'SNOWFLAKE'
        : undefined;
  return {
    code: 'authenticator_invalid',
    message: `The authenticator "${authenticator}" is not one this connection type supports.`,
    field: 'authenticator',
    hint: `Use one of ${authenticators.map((name) => `'${name}'`).join(', ')}${guess === undefined ? '' : `; you probably mean '${guess}'`}. Browser and OAuth logins cannot run unattended.`,
  };
}

export interface CredentialFacts {
  /** When the programmatic access token expires, if it carries an expiry we can read. */
  tokenExpires?: string;
}

/** Checks the credential the authenticator needs, by shape only (it never leaves this process here). */
export function credentialProblem(config: SnowflakeConfig, now = new Date()): TestFailure | CredentialFacts {
  switch (config.authenticator) {
    case 'PROGRAMMATIC_ACCESS_TOKEN':
      return tokenProblem(config.password, now);
    case 'SNOWFLAKE_JWT':
      return privateKeyProblem(config.privateKey, config.privateKeyPass);
    default:
      if (config.password === undefined || config.password === '') {
        return { code: 'credential_invalid', message: 'No password is given.', field: 'password', hint: 'Reference a secret holding the password, e.g. password: secrets.SNOWFLAKE_PASSWORD.' };
      }
      return {};
  }
}

function tokenProblem(token: string | undefined, now: Date): TestFailure | CredentialFacts {
  if (token === undefined || token.trim() === '') {
    return { code: 'credential_invalid', message: 'No programmatic access token is given in password.', field: 'password', hint: `Put the token in password, e.g. password: secrets.SNOWFLAKE_PAT. ${patSteps}` };
  }
  if (token !== token.trim()) {
    return { code: 'credential_invalid', message: 'The programmatic access token has spaces or line breaks around it.', field: 'password', hint: 'Store the token without surrounding whitespace; copy-paste often adds a line break.' };
  }
  if (token.length < shortestToken || /\s/.test(token)) {
    return {
      code: 'credential_invalid',
      message: `The value in password looks like a password, not a programmatic access token (${token.length} characters; a token is a few hundred).`,
      field: 'password',
      hint: `With authenticator PROGRAMMATIC_ACCESS_TOKEN, password holds the token itself. Use authenticator 'SNOWFLAKE' for a password. ${patSteps}`,
    };
  }
  const expires = jwtExpiry(token);
  if (expires === undefined) return {};
  if (expires <= now) {
    return {
      code: 'token_expired',
      message: `The programmatic access token expired on ${expires.toISOString()}.`,
      field: 'password',
      hint: `Create a new token and store it in the secret. ${patSteps}`,
    };
  }
  return { tokenExpires: expires.toISOString() };
}

/** The `exp` of a JWT-shaped token, when its payload can be decoded; tokens of other shapes have none we can read. */
export function jwtExpiry(token: string): Date | undefined {
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims === 'object' && claims !== null && 'exp' in claims && typeof claims.exp === 'number') return new Date(claims.exp * 1000);
  } catch {
    // Not JSON inside: a token of another format.
  }
  return undefined;
}

function privateKeyProblem(privateKey: string | undefined, passphrase: string | undefined): TestFailure | CredentialFacts {
  if (privateKey === undefined || !privateKey.trim().startsWith('-----BEGIN')) {
    return {
      code: 'credential_invalid',
      message: privateKey === undefined ? 'No privateKey is given for SNOWFLAKE_JWT.' : 'The privateKey is not PEM text.',
      field: 'privateKey',
      hint: 'Give the PEM text of the private key, starting with -----BEGIN PRIVATE KEY----- (or ENCRYPTED PRIVATE KEY), with its line breaks; reference a secret.',
    };
  }
  try {
    createPrivateKey(passphrase === undefined ? { key: privateKey, format: 'pem' } : { key: privateKey, format: 'pem', passphrase });
    return {};
  } catch (error) {
    const encrypted = /ENCRYPTED/.test(privateKey) || /passphrase|decrypt/i.test(error instanceof Error ? error.message : '');
    return encrypted
      ? { code: 'credential_invalid', message: 'The privateKey is encrypted and cannot be opened with privateKeyPass.', field: 'privateKeyPass', hint: 'Check the passphrase of the key (privateKeyPass).' }
      : { code: 'credential_invalid', message: 'The privateKey cannot be read as a PEM private key.', field: 'privateKey', hint: 'Check that the whole key was copied, header and footer lines and line breaks included.' };
  }
}
