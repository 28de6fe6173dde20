// The MQTT blocks and test steps: one set over any client with mqtt.js's methods, for the MQTT and AWS IoT types.
export * from './client.ts';
export * from './connect-failure.ts';
export * from './failure.ts';
export * from './publish.ts';
export * from './round-trip.ts';
export * from './subscribe.ts';
export * from './topic-filter.ts';
