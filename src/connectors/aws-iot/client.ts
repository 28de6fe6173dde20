import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { untilConnected } from '../../core/mqtt/index.ts';
import type { AwsIotConfig } from './schema.ts';

export type { MqttClient };

/** The ALPN protocol AWS IoT Core needs for MQTT on port 443. */
export const awsIotAlpn = 'x-amzn-mqtt-ca';

/** mqtt.js's URL and options for the endpoint; `reconnect: false` for a test, which must fail at once, not retry. */
export function clientOptions(config: AwsIotConfig, reconnect: boolean): { url: string; options: IClientOptions } {
  const options: IClientOptions = {
    clientId: config.clientId,
    clean: config.clean,
    keepalive: config.keepalive,
    reconnectPeriod: reconnect ? config.reconnectPeriod : 0,
    connectTimeout: config.connectTimeout,
    protocolVersion: config.protocolVersion === 5 || config.protocolVersion === '5' ? 5 : 4,
    cert: config.cert,
    key: config.key,
    rejectUnauthorized: true,
    ...(config.ca === undefined ? {} : { ca: config.ca }),
    ...((config.alpn ?? config.port === 443) ? { ALPNProtocols: [awsIotAlpn] } : {}),
  };
  return { url: `mqtts://${config.endpoint}:${config.port}`, options };
}

/** A client connected to the endpoint; like the MQTT type's, it reconnects by itself and subscribes again. */
export function createAwsIotClient(config: AwsIotConfig): Promise<MqttClient> {
  const { url, options } = clientOptions(config, true);
  return untilConnected(mqtt.connect(url, options));
}
