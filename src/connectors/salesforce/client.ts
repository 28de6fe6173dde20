import jsforce from 'jsforce';
import type { Connection } from 'jsforce';
import { loginFlow, type SalesforceConfig } from './schema.ts';

/** jsforce's `refreshFn`: called when a request meets INVALID_SESSION_ID, with a callback for the new token. */
type RefreshFn = (connection: Connection, callback: (error: Error | null, accessToken?: string) => void) => void;

/** A new client-credentials token: that flow has no refresh token, so renewing is asking again. */
const clientCredentialsRefresh: RefreshFn = (connection, callback) => {
  connection.oauth2.requestToken({ grant_type: 'client_credentials' }).then(
    (token) => callback(null, token.access_token),
    (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
  );
};

/**
 * A logged-in jsforce Connection. A session that expires or is revoked (INVALID_SESSION_ID) is
 * renewed by jsforce itself, once per failed request, by logging in again the same way; if that
 * login fails too the request fails with jsforce's "Unable to refresh session due to: …".
 */
export async function createSalesforceClient(config: SalesforceConfig): Promise<Connection> {
  const flow = loginFlow(config);
  const oauth2 = config.clientId === undefined ? undefined : { clientId: config.clientId, clientSecret: config.clientSecret, loginUrl: config.loginUrl };
  const connection = new jsforce.Connection({
    loginUrl: config.loginUrl,
    version: config.version,
    ...(oauth2 === undefined ? {} : { oauth2 }),
    ...(flow === 'oauth2-client-credentials' ? { refreshFn: clientCredentialsRefresh } : {}),
  });
  if (flow === 'oauth2-client-credentials') {
    await connection.authorize({ grant_type: 'client_credentials' });
  } else {
    // jsforce logs in by SOAP without a connected app, by OAuth2 with one; the security token follows the password in both.
    await connection.login(config.username ?? '', `${config.password ?? ''}${config.token ?? ''}`);
  }
  return connection;
}

export async function closeSalesforceClient(connection: Connection): Promise<void> {
  // The session is left to expire rather than logged out: logging out would end it for every other
  // client of the same user. Forgetting the token is what makes this client dead.
  connection.removeAllListeners();
  connection.accessToken = null;
}
