import type { TestFailure } from './connection-test.ts';

/** The config fields that hold a TLS client's trust and identity, and the server's name. */
export interface TlsFields {
  /** The CA certificate(s) trusted for the server's certificate. */
  ca: string;
  /** The client certificate. */
  cert: string;
  /** The client certificate's private key. */
  key: string;
  /** Where the server is named (its certificate must match it). */
  host: string;
}

/** Node's verification codes for a server certificate no trusted CA vouches for. */
const untrustedServer = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** OpenSSL alerts a server sends when it refuses the client certificate it was given. */
const refusedClientCert = /^ERR_SSL_(TLSV1_ALERT_UNKNOWN_CA|TLSV1_ALERT_DECRYPT_ERROR|SSLV3_ALERT_BAD_CERTIFICATE|SSLV3_ALERT_CERTIFICATE_(UNKNOWN|REVOKED|EXPIRED|UNSUPPORTED)|TLSV1_ALERT_ACCESS_DENIED)$/;

/** Which setter of Node's secure context refused a PEM text: its name is on the error's stack. */
const pemSetters: ReadonlyArray<[RegExp, keyof TlsFields]> = [
  [/\bat setKey\b/, 'key'],
  [/\bat setCert\b/, 'cert'],
  [/\bat (addCACert|setCACert)\b/, 'ca'],
];

/**
 * Maps a TLS handshake or secure-context error to the certificate field to fix: the server
 * wanted a client certificate and got none, refused the one given, is not vouched for by the
 * trusted CAs, does not match its name; or a PEM text that does not parse or a key that is not
 * the certificate's. Undefined for anything else. Messages never quote the PEM texts.
 */
export function classifyTlsError(error: unknown, fields: TlsFields, given: { cert: boolean }): TestFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : '';
  const stack = typeof (error as { stack?: unknown }).stack === 'string' ? (error as { stack: string }).stack : '';
  if (code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' || (!given.cert && code === 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE')) {
    return {
      code: 'tls_failed',
      message: 'The server requires a client certificate and none was given.',
      field: fields.cert,
      hint: `Set ${fields.cert} and ${fields.key} (PEM text, as secrets) to a certificate the server's CA signed.`,
    };
  }
  if (refusedClientCert.test(code)) {
    return {
      code: 'tls_failed',
      message: `The server refused the client certificate (${code.replace(/^ERR_SSL_/, '').toLowerCase()}).`,
      field: fields.cert,
      hint: `Use a certificate signed by a CA the server trusts, not expired or revoked, in ${fields.cert}.`,
    };
  }
  if (untrustedServer.has(code)) {
    return {
      code: 'tls_failed',
      message: `The server's certificate is not signed by a trusted CA (${code}).`,
      field: fields.ca,
      hint: `Put the CA certificate that signed the server's certificate (or the self-signed certificate itself) in ${fields.ca}.`,
    };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return { code: 'tls_failed', message: `The server's certificate is not valid now (${code}).`, field: fields.host, hint: 'The server must renew its certificate (or this machine’s clock is wrong).' };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      code: 'tls_failed',
      message: "The server's certificate does not name the host connected to.",
      field: fields.host,
      hint: 'Connect by a name the certificate holds, or set the name to check (servername) to it.',
    };
  }
  if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') {
    return { code: 'config_invalid', message: 'The private key is not the key of the client certificate.', field: fields.key, hint: `Give the key that belongs to ${fields.cert}.` };
  }
  if (code.startsWith('ERR_OSSL_')) {
    const setter = pemSetters.find(([pattern]) => pattern.test(stack));
    if (setter !== undefined) {
      const field = fields[setter[1]];
      return { code: 'config_invalid', message: `${field} is not a PEM text Node can read (${code}).`, field, hint: 'Paste the whole PEM block, from -----BEGIN to -----END.' };
    }
  }
  return undefined;
}
