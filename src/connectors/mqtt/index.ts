import { defineConnector } from '../../core/index.ts';
import { endClient, isConnected, publishOperation, subscribeOperation } from '../../core/mqtt/index.ts';
import { createMqttClient, type MqttClient } from './client.ts';
import { mqttSchema } from './schema.ts';
import { testMqtt } from './test-connection.ts';

const example = `{
    host: 'broker.internal',
    port: 8883,
    protocol: 'mqtts',
    username: 'ziggy',
    password: secrets.MQTT_PASSWORD,
    test: { topic: 'ziggy/test' },
}`;

export default defineConnector<typeof mqttSchema, MqttClient>({
  id: 'mqtt',
  label: 'MQTT',
  module: 'mqtt',
  description: 'Any MQTT 3.1.1 or 5 broker (Mosquitto, EMQX, HiveMQ, VerneMQ…) over TCP, TLS or WebSocket; hands out a connected mqtt.js client that reconnects and subscribes again by itself.',
  lifecycle: 'socket',
  schema: mqttSchema,
  example,
  secretFields: ['password', 'tls.key'],
  createClient: createMqttClient,
  closeClient: endClient,
  isClientAlive: isConnected,
  testConnection: testMqtt,
  operations: { publish: publishOperation, subscribe: subscribeOperation },
});
