import { randomBytes } from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { untilConnected } from '../../core/mqtt/index.ts';
import { defaultPorts, isVersion5, protocolOf, type MqttConfig } from './schema.ts';

export type { MqttClient };

/** mqtt.js's URL and options for a validated config; `reconnect: false` for a test, which must fail at once, not retry. */
export function clientOptions(config: MqttConfig, reconnect: boolean): { url: string; options: IClientOptions } {
  const protocol = protocolOf(config);
  const url = config.url ?? `${protocol}://${config.host?.includes(':') ? `[${config.host}]` : config.host}:${config.port ?? defaultPorts[protocol]}${protocol.startsWith('ws') ? (config.path ?? '/mqtt') : ''}`;
  const tls = typeof config.tls === 'object' ? config.tls : {};
  const options: IClientOptions = {
    clientId: config.clientId ?? `ziggy_${randomBytes(6).toString('hex')}`,
    clean: config.clean,
    keepalive: config.keepalive,
    reconnectPeriod: reconnect ? config.reconnectPeriod : 0,
    connectTimeout: config.connectTimeout,
    protocolVersion: isVersion5(config.protocolVersion) ? 5 : 4,
    ...(config.username === undefined ? {} : { username: config.username }),
    ...(config.password === undefined ? {} : { password: config.password }),
    ...(config.mqtt5 === undefined ? {} : { properties: config.mqtt5 }),
    ...(config.will === undefined ? {} : { will: { ...config.will, payload: Buffer.from(config.will.payload) } }),
    ...tls,
  };
  return { url, options };
}

/**
 * A client connected to the broker (CONNACK received). After a drop it reconnects every
 * `reconnectPeriod` ms and subscribes again; the cache sees it is down through `connected`.
 */
export function createMqttClient(config: MqttConfig): Promise<MqttClient> {
  const { url, options } = clientOptions(config, true);
  return untilConnected(mqtt.connect(url, options));
}
