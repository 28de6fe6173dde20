import { ZiggyError } from '../errors.ts';
import { reasonCodeOf } from './client.ts';

/** MQTT 5 reason codes a broker gives for what this user may not do. */
const refusals = new Set([0x87, 0x8f, 0x90, 0x97, 0x9a, 0x9b]);

/** A block's error for a publish or subscribe the client or broker failed: forbidden when the broker refused it (MQTT 5 reason codes), else the connection failed. */
export function failureOf(error: Error, doing: string, details: Record<string, unknown>): ZiggyError {
  const reason = reasonCodeOf(error);
  if (reason !== undefined && refusals.has(reason)) return new ZiggyError('forbidden', `The broker refused ${doing}: ${error.message} (reason ${reason}).`, { ...details, reasonCode: reason });
  return new ZiggyError('connection_failed', `MQTT: ${doing} failed: ${error.message}`, details);
}
