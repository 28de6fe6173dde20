/**
 * The behaviour every Store implementation must have, as one node:test suite. Each case
 * opens its own store and uses fresh random names, so the suite also runs against a
 * shared database that already holds data.
 */
import { describe } from 'node:test';
import { blockCases } from './contract/blocks.ts';
import { concurrencyCases } from './contract/concurrency.ts';
import { connectionCases } from './contract/connections.ts';
import { healthCases } from './contract/health.ts';
import type { UseStore } from './contract/helpers.ts';
import { loginFailureCases } from './contract/login-failures.ts';
import { runCases } from './contract/runs.ts';
import { secretAndAuditCases } from './contract/secrets-and-audit.ts';
import { statusAndSettingsCases } from './contract/status-and-settings.ts';
import { tokenAndSessionCases } from './contract/tokens-and-sessions.ts';
import { userCases } from './contract/users.ts';
import type { Store } from './types.ts';

export function runStoreContract(label: string, openStore: () => Promise<Store>): void {
  const using: UseStore = (run) => async () => {
    const store = await openStore();
    try {
      await run(store);
    } finally {
      await store.close();
    }
  };

  describe(`Store contract: ${label}`, () => {
    connectionCases(using);
    secretAndAuditCases(using);
    concurrencyCases(using);
    userCases(using);
    tokenAndSessionCases(using);
    statusAndSettingsCases(using);
    blockCases(using);
    runCases(using);
    loginFailureCases(using);
    healthCases(using);
  });
}
