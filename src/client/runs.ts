import type { RunRecord, RunService } from '../service/run-types.ts';
import { route, type HttpClient } from './http.ts';

/** `?wait=false` asks the server to answer at once (202) with the run queued or running. */
const waitQuery = (wait: boolean | undefined): Record<string, string | undefined> => ({ wait: wait === false ? 'false' : undefined });

/**
 * Runs over the REST API. The server records the token's user as who started a run, so the
 * actor given here is not sent. Neither is `allowLocalFiles`: the server never lets a caller
 * name files on its machine, and refuses parameters that do.
 */

export function remoteRuns(http: HttpClient): RunService {
  return {
    runCode: ({ code, inputs, mode, timeoutMs, wait }) =>
      http.request<RunRecord>('POST', '/api/blocks/run', { body: { code, inputs, mode, timeoutMs }, query: waitQuery(wait) }),
    runBlock: (name, { inputs, mode, timeoutMs, wait }) =>
      http.request<RunRecord>('POST', route`/api/blocks/${name}/run`, { body: { inputs, mode, timeoutMs }, query: waitQuery(wait) }),
    runOperation: ({ connection, operation, params, mode, wait }) =>
      http.request<RunRecord>('POST', '/api/operations/run', { body: { connection, operation, params, mode }, query: waitQuery(wait) }),
    list: async (filter = {}) => (await http.request<{ runs: RunRecord[] }>('GET', '/api/runs', { query: { ...filter } })).runs,
    get: (id) => http.request<RunRecord>('GET', route`/api/runs/${id}`),
    // The runner processes are the server's; there is nothing of ours to stop.
    close: async () => undefined,
  };
}
