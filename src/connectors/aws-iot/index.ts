import { defineConnector } from '../../core/index.ts';
import { endClient, isConnected, publishOperation, subscribeOperation } from '../../core/mqtt/index.ts';
import { createAwsIotClient, type MqttClient } from './client.ts';
import { awsIotSchema } from './schema.ts';
import { testAwsIot } from './test-connection.ts';

const example = `{
    endpoint: 'a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com',
    clientId: 'plant-1-gateway',
    cert: secrets.IOT_DEVICE_CERT,
    key: secrets.IOT_DEVICE_KEY,
    ca: secrets.AMAZON_ROOT_CA_1,
    test: { topic: 'plant-1/ziggy-test' },
}`;

export default defineConnector<typeof awsIotSchema, MqttClient>({
  id: 'aws-iot',
  label: 'AWS IoT Core (MQTT)',
  module: 'mqtt',
  description: 'AWS IoT Core over MQTT with an X.509 device certificate, on port 8883 or 443 (ALPN); hands out a connected mqtt.js client that reconnects and subscribes again by itself.',
  lifecycle: 'socket',
  schema: awsIotSchema,
  example,
  secretFields: ['key'],
  createClient: createAwsIotClient,
  closeClient: endClient,
  isClientAlive: isConnected,
  testConnection: testAwsIot,
  operations: { publish: publishOperation, subscribe: subscribeOperation },
});
