import twilio from 'twilio';

/**
 * twilio's documented way to change where requests go is a custom HTTP client
 * (twilio.com/docs/libraries/node/custom-http-clients-node): this one swaps the origin of every
 * request for `baseUrl`, after the SDK has applied region and edge.
 */
function redirectingClient(baseUrl, options) {
  const target = new URL(baseUrl);
  const client = new twilio.RequestClient(options);
  const request = client.request.bind(client);
  client.request = (opts) => {
    const uri = new URL(opts.uri);
    uri.protocol = target.protocol;
    uri.host = target.host;
    return request({ ...opts, uri: uri.href });
  };
  return client;
}

/** The SDK's client for one account: stateless, one HTTPS request per call, no retries of ours. */
export function createTwilioClient(config) {
  const options = { timeout: config.timeoutMs, keepAlive: false, autoRetry: false };
  return twilio(config.accountSid, config.authToken, {
    ...options,
    ...(config.region === undefined ? {} : { region: config.region }),
    ...(config.edge === undefined ? {} : { edge: config.edge }),
    ...(config.baseUrl === undefined ? {} : { httpClient: redirectingClient(config.baseUrl, options) }),
  });
}
