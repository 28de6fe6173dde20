import { z } from 'zod';

const pem = (what: string) => z.string().min(1).describe(`${what} as PEM text; reference a secret.`);

const tlsOptions = z
  .strictObject({
    ca: pem('CA certificate(s) that signed the broker certificate (a private CA, or a self-signed broker)').optional(),
    cert: pem('Client certificate, for brokers that require one (and may take its CN as the user name)').optional(),
    key: pem('Private key of the client certificate').optional(),
    rejectUnauthorized: z.boolean().default(true).describe('Check the broker certificate; false only for a throwaway test broker.'),
    servername: z.string().min(1).optional().describe('Name to check the certificate against (SNI), when it differs from host.'),
  })
  .describe('TLS options; they turn TLS on (protocol mqtts, or wss), with the system CAs unless ca is given.');

const mqtt5Options = z
  .strictObject({
    sessionExpiryInterval: z.number().int().min(0).max(4_294_967_295).optional().describe('Seconds the broker keeps the session after the socket ends (0: none; 4294967295: for ever).'),
    receiveMaximum: z.number().int().min(1).max(65_535).optional().describe('At most this many QoS 1 and 2 messages the broker may send before they are acknowledged.'),
    maximumPacketSize: z.number().int().min(1).optional().describe('Largest packet this client accepts, bytes.'),
    topicAliasMaximum: z.number().int().min(0).max(65_535).optional().describe('Topic aliases the broker may use towards this client.'),
    requestResponseInformation: z.boolean().optional().describe('Ask the broker for response information (request/response topics).'),
    requestProblemInformation: z.boolean().optional().describe('Let the broker send reason strings and user properties on failures (default true).'),
    userProperties: z.record(z.string(), z.string()).optional().describe('User properties sent with CONNECT, e.g. { site: "plant-1" }.'),
  })
  .describe('MQTT 5 CONNECT properties; only with protocolVersion 5.');

const qos = z.union([z.literal(0), z.literal(1), z.literal(2)]);

const will = z
  .strictObject({
    topic: z.string().min(1).describe('Topic the broker publishes the last will on when this client drops without DISCONNECT.'),
    payload: z.string().default('').describe('Text of the last will.'),
    qos: qos.default(0).describe('QoS of the last will: 0, 1 or 2.'),
    retain: z.boolean().default(false).describe('Retain the last will on its topic.'),
  })
  .describe('Last will and testament, published by the broker for this client when it drops.');

/** Ports per protocol, as brokers listen by default. */
export const defaultPorts = { mqtt: 1883, mqtts: 8883, ws: 80, wss: 443 } as const;

export type MqttProtocol = keyof typeof defaultPorts;

/**
 * One MQTT broker: a URL, or host, port and protocol; a user name and password, a client
 * certificate, or both; MQTT 3.1.1 or 5. Unknown keys are refused so typos are caught.
 */
export const mqttSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^(mqtts?|wss?)$/, error: "Use a URL such as 'mqtt://broker.internal:1883', 'mqtts://…', 'ws://…/mqtt' or 'wss://…'." })
      .optional()
      .describe('mqtt://, mqtts://, ws:// or wss:// URL of the broker; put user name and password in their fields, not in the URL.'),
    host: z.string().min(1).optional().describe('Host name or IP of the broker; give this or url.'),
    port: z.coerce.number().int().min(1).max(65535).optional().describe('TCP port; default by protocol: 1883 mqtt, 8883 mqtts, 80 ws, 443 wss.'),
    protocol: z.enum(['mqtt', 'mqtts', 'ws', 'wss']).optional().describe("Transport with host: 'mqtt' (default), 'mqtts' (TLS; the default when tls is set), 'ws' or 'wss' (WebSocket)."),
    path: z.string().startsWith('/').optional().describe("WebSocket path with host, default '/mqtt'."),
    clientId: z.string().min(1).max(65_535).optional().describe('Client identifier; default a random ziggy_… one. Two clients with the same id push each other off the broker.'),
    username: z.string().min(1).optional().describe('User name, when the broker asks for one.'),
    password: z.string().min(1).optional().describe('Password of that user; reference a secret.'),
    clean: z.boolean().default(true).describe('Start a clean session (true), or resume the stored one for this clientId (false: subscriptions and queued QoS 1/2 messages kept).'),
    keepalive: z.coerce.number().int().min(0).max(65_535).default(60).describe('Seconds between PINGREQs when idle; 0 turns keepalive off.'),
    reconnectPeriod: z.coerce.number().int().min(0).max(3_600_000).default(1000).describe('ms between reconnect attempts of a client that dropped; 0: no reconnect. The test never reconnects.'),
    connectTimeout: z.coerce.number().int().min(100).max(120_000).default(10_000).describe('Longest a connect (up to CONNACK) may take, ms.'),
    protocolVersion: z.union([z.literal(4), z.literal(5), z.literal('3.1.1'), z.literal('5')]).default(4).describe("MQTT version: 4 or '3.1.1' (default), 5 or '5'."),
    mqtt5: mqtt5Options.optional(),
    will: will.optional(),
    tls: z.union([z.boolean(), tlsOptions]).optional().describe('true, or TLS options, to connect over TLS; implied by mqtts:// and wss://.'),
    test: z
      .strictObject({
        topic: z.string().min(1).describe('Topic Test Connection subscribes to and publishes one message on; it needs both rights on it.'),
      })
      .optional()
      .describe('What Test Connection does beyond CONNACK: a publish and subscribe round trip on a topic.'),
  })
  .superRefine((config, issues) => {
    if ((config.host === undefined) === (config.url === undefined)) {
      const message = config.host === undefined ? 'Give host (and port), or a url.' : 'Give host and port, or a url, not both.';
      issues.addIssue({ code: 'custom', path: ['host'], message });
    }
    if (config.url !== undefined && (config.port !== undefined || config.protocol !== undefined || config.path !== undefined)) {
      issues.addIssue({ code: 'custom', path: ['url'], message: 'The url holds the protocol, port and path; leave protocol, port and path out.' });
    }
    const protocol = protocolOf(config);
    if (config.tls !== undefined && config.tls !== false && (protocol === 'mqtt' || protocol === 'ws')) {
      issues.addIssue({ code: 'custom', path: ['tls'], message: `TLS options need a TLS protocol (mqtts or wss), not ${protocol}.` });
    }
    if (config.mqtt5 !== undefined && !isVersion5(config.protocolVersion)) {
      issues.addIssue({ code: 'custom', path: ['mqtt5'], message: 'MQTT 5 options need protocolVersion 5.' });
    }
  });

export type MqttConfig = z.output<typeof mqttSchema>;

export function isVersion5(version: MqttConfig['protocolVersion']): boolean {
  return version === 5 || version === '5';
}

interface Endpoint {
  url?: string | undefined;
  protocol?: MqttProtocol | undefined;
  tls?: unknown;
}

/** The protocol the config connects with: the URL's scheme, else `protocol`, else mqtts when TLS is set. */
export function protocolOf(config: Endpoint): MqttProtocol {
  const scheme = /^(mqtts?|wss?):/i.exec(config.url ?? '')?.[1]?.toLowerCase();
  if (scheme !== undefined) return scheme as MqttProtocol;
  return config.protocol ?? (config.tls === undefined || config.tls === false ? 'mqtt' : 'mqtts');
}

/** Where the config connects, for messages: from the URL, else host and port. */
export function endpointOf(config: MqttConfig): { host: string; port: number; protocol: MqttProtocol } {
  const protocol = protocolOf(config);
  if (config.url === undefined) return { host: config.host ?? '', port: config.port ?? defaultPorts[protocol], protocol };
  const url = new URL(config.url);
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port || defaultPorts[protocol]), protocol };
}
