import { z } from 'zod';

const pem = (what: string) => z.string().min(1).describe(`${what} as PEM text; reference a secret.`);

/**
 * One AWS IoT Core endpoint, signed in by an X.509 device certificate (no user name or password):
 * the account's data endpoint, the thing's certificate and key, and the client id its policy
 * allows. Unknown keys are refused so typos are caught.
 */
export const awsIotSchema = z.strictObject({
  endpoint: z
    .string()
    .min(1)
    .regex(/^[^/:\s]+$/, "Give the endpoint's host name only, e.g. 'a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com' (no mqtts:// and no port).")
    .describe('The account’s IoT data endpoint (`aws iot describe-endpoint --endpoint-type iot:Data-ATS`).'),
  port: z.coerce.number().int().min(1).max(65535).default(8883).describe('8883 (MQTT over TLS), or 443 (MQTT over TLS with ALPN x-amzn-mqtt-ca, for networks that allow only 443).'),
  alpn: z.boolean().optional().describe('Offer ALPN x-amzn-mqtt-ca; default: on port 443 only, where AWS IoT needs it.'),
  clientId: z.string().min(1).max(128).describe('Client id; the policy’s iot:Connect must allow it (often the thing name). Two clients with the same id push each other off.'),
  cert: pem('The device certificate AWS IoT issued or registered'),
  key: pem('The private key of the device certificate'),
  ca: pem('Amazon Root CA 1 (or the CA of your endpoint); default: Node’s bundled CAs, which include Amazon’s').optional(),
  clean: z.boolean().default(true).describe('Start a clean session (true), or resume the stored one for this clientId (false).'),
  keepalive: z.coerce.number().int().min(30).max(1200).default(60).describe('Seconds between PINGREQs when idle; AWS IoT accepts 30 to 1200.'),
  reconnectPeriod: z.coerce.number().int().min(0).max(3_600_000).default(1000).describe('ms between reconnect attempts of a client that dropped; 0: no reconnect. The test never reconnects.'),
  connectTimeout: z.coerce.number().int().min(100).max(120_000).default(10_000).describe('Longest a connect (up to CONNACK) may take, ms.'),
  protocolVersion: z.union([z.literal(4), z.literal(5), z.literal('3.1.1'), z.literal('5')]).default(4).describe("MQTT version: 4 or '3.1.1' (default), 5 or '5'; AWS IoT Core speaks both."),
  test: z
    .strictObject({
      topic: z.string().min(1).describe('Topic Test Connection subscribes to and publishes one message on; the policy must allow iot:Subscribe, iot:Publish and iot:Receive on it.'),
    })
    .optional()
    .describe('What Test Connection does beyond CONNACK: a publish and subscribe round trip on a topic.'),
});

export type AwsIotConfig = z.output<typeof awsIotSchema>;

/** The region of an AWS IoT endpoint name, when it is one. */
export function regionOf(endpoint: string): string | undefined {
  return /\.iot\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(endpoint)?.[1];
}
