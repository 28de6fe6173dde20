import { lookup } from 'node:dns/promises';
import snowflake from 'snowflake-sdk';
import {
  closingClient,
  runConnectionTest,
  valuesAt,
  type StepRunner,
  type TestContext,
  type TestFailure,
  type TestResult,
} from '../../core/index.ts';
import { accountHost, accountProblem, unresolvedAccount } from './account.ts';
import { connect, connectionOptions, destroy, execute } from './client.ts';
import { authenticatorProblem, credentialProblem } from './credential.ts';
import { CheckFailed, classifySnowflakeError, isIpNotAllowed, isRoleRefused, isSnowflakeAnswer, serverField } from './errors.ts';
import { snowflakeSchema, type SnowflakeConfig } from './schema.ts';
import { sessionProblem, type SessionFacts } from './session.ts';

const concealed = ['password', 'privateKey', 'privateKeyPass'];

export interface TestDependencies {
  /** Resolves a host name; rejects when it does not exist. */
  resolveHost(host: string): Promise<unknown>;
}

const system: TestDependencies = { resolveHost: (host) => lookup(host) };

/**
 * Snowflake's answers are often misleading, so the test is a checklist: the account, its host,
 * the authenticator and the credential are each checked before anything is sent (all of them,
 * so every wrong one shows), then the connection and the network policy, the login, and the
 * session's role, warehouse, database and schema one by one. The result's field is the first
 * wrong one; each failed step's message says what is wrong with it and what to do.
 */
export async function testSnowflake(config: SnowflakeConfig, context: TestContext, dependencies: TestDependencies = system): Promise<TestResult> {
  const findings = new Map<string, TestFailure>();
  // The config is unchecked here (a garbage value must still give a result); the body validates it.
  const given: Partial<SnowflakeConfig> = typeof config === 'object' && config !== null ? config : {};
  const result = await runConnectionTest(
    context,
    async (step, signal) => {
      const valid = snowflakeSchema.parse(config);
      const tokenExpires = await checkBeforeSending(valid, step, findings, dependencies);
      const connection = snowflake.createConnection({
        ...connectionOptions(valid),
        // One attempt: the test reports what went wrong instead of retrying for minutes.
        sfRetryMaxLoginRetries: 0,
        timeout: Math.min(valid.timeout ?? context.timeoutMs, context.timeoutMs),
      });
      return closingClient(
        signal,
        () => destroy(connection),
        async () => {
          const refusal = await step('connect', async () => {
            const error = await connect(connection).then(
              () => undefined,
              (failure: unknown) => failure,
            );
            // A network error (Snowflake not reached) and a network policy refusal fail here; Snowflake's
            // other answers are about the login, reported by the next steps.
            if (error !== undefined && (isIpNotAllowed(error) || !isSnowflakeAnswer(error))) throw error;
            return error;
          });
          await step('login', async () => {
            if (refusal !== undefined && !isRoleRefused(refusal)) throw refusal;
          });
          // Snowflake checks the credentials before the role: a refused role means the login itself was right.
          if (refusal !== undefined) await step('role', () => Promise.reject(refusal));
          const facts = await step('session', () => sessionFacts(connection));
          for (const field of ['role', 'warehouse', 'database', 'schema'] as const) {
            await step(field, async () => {
              const problem = sessionProblem(field, valid, facts);
              if (problem !== undefined) throw new CheckFailed(problem);
            });
          }
          const used = (['role', 'warehouse', 'database', 'schema'] as const)
            .map((field) => `${field} ${facts[field] ?? '(none)'}`)
            .join(', ');
          const details: Record<string, string> = { serverVersion: facts.version, role: facts.role ?? '' };
          for (const field of ['warehouse', 'database', 'schema'] as const) details[field] = facts[field] ?? '';
          if (tokenExpires !== undefined) details.tokenExpires = tokenExpires;
          const where = valid.accessUrl === undefined ? `account ${valid.account}` : `${valid.accessUrl} (accessUrl; the account's host was not looked up)`;
          return { message: `Logged in to Snowflake ${facts.version} at ${where} as ${valid.username}: ${used}.`, details };
        },
      );
    },
    (error) => classifySnowflakeError(error, given),
    { conceal: valuesAt(config, concealed), timeoutField: serverField(given) },
  );
  return withFindings(result, findings, valuesAt(config, concealed));
}

/**
 * Checks everything that can be checked before sending a request: each check is its own step,
 * all of them run, and the first failure is thrown after the last. Returns the token's expiry when known.
 */
async function checkBeforeSending(
  config: SnowflakeConfig,
  step: StepRunner,
  findings: Map<string, TestFailure>,
  dependencies: TestDependencies,
): Promise<string | undefined> {
  const check = async (name: string, run: () => Promise<TestFailure | undefined>): Promise<void> => {
    const problem = await run();
    await step(name, async () => {
      if (problem !== undefined) throw new CheckFailed(problem);
    }).catch(() => findings.set(name, problem ?? { code: 'failed', message: 'The check failed.' }));
  };
  await check('account', async () => accountProblem(config.account));
  if (config.accessUrl === undefined && !findings.has('account')) {
    await check('host', () =>
      dependencies.resolveHost(accountHost(config.account)).then(
        () => undefined,
        () => unresolvedAccount(config.account),
      ),
    );
  }
  await check('authenticator', async () => authenticatorProblem(config.authenticator));
  let tokenExpires: string | undefined;
  if (!findings.has('authenticator')) {
    await check('credential', async () => {
      const outcome = credentialProblem(config);
      if ('code' in outcome) return outcome;
      tokenExpires = outcome.tokenExpires;
      return undefined;
    });
  }
  const first = findings.values().next();
  if (first.done !== true) throw new CheckFailed(first.value);
  return tokenExpires;
}

/** The session as Snowflake set it up. */
async function sessionFacts(connection: snowflake.Connection): Promise<SessionFacts> {
  const rows = await execute(
    connection,
    'SELECT CURRENT_ROLE() AS ROLE, CURRENT_WAREHOUSE() AS WAREHOUSE, CURRENT_DATABASE() AS DATABASE, CURRENT_SCHEMA() AS SCHEMA, CURRENT_VERSION() AS VERSION',
  );
  const row = rows[0];
  if (row === undefined) throw new Error('Snowflake returned no row for SELECT CURRENT_ROLE(), …');
  const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
  return { role: text(row.ROLE), warehouse: text(row.WAREHOUSE), database: text(row.DATABASE), schema: text(row.SCHEMA), version: String(row.VERSION) };
}

/** Puts what each failed check found, with its hint, on its step; values of secrets are scrubbed as in the rest of the result. */
function withFindings(result: TestResult, findings: Map<string, TestFailure>, secrets: string[]): TestResult {
  const scrub = (text: string): string => secrets.filter((secret) => secret.length > 0).reduce((out, secret) => out.split(secret).join('[hidden]'), text);
  for (const step of result.steps) {
    const finding = findings.get(step.name);
    if (finding !== undefined && !step.ok) step.message = scrub(finding.hint === undefined ? finding.message : `${finding.message} ${finding.hint}`);
  }
  return result;
}
