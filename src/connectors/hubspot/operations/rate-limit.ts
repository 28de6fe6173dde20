import { setTimeout as sleep } from 'node:timers/promises';
import type { OperationContext } from '../../../core/index.ts';
import { hubspotErrorFacts } from '../api-error.ts';

const attempts = 5;

/**
 * Runs one API call, waiting out HubSpot's 429s: as long as its Retry-After says, else 1, 2, 4, 8 s.
 * The SDK's own retries (numberOfApiCallRetries, off unless set) ignore Retry-After: they wait a
 * fixed 1 s (secondly limit) or 10 s (ten-secondly limit) times the attempt.
 */
export async function withRateLimitRetry<T>(call: () => Promise<T>, context: OperationContext): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const facts = hubspotErrorFacts(error);
      if (facts?.status !== 429 || attempt === attempts) throw error;
      const seconds = facts.retryAfterSeconds ?? 2 ** (attempt - 1);
      context.log(`HubSpot rate limit (${facts.message}); retrying in ${seconds} s`);
      await sleep(seconds * 1000, undefined, { signal: context.signal });
    }
  }
}
