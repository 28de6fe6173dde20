import vm from 'node:vm';
import { wrapBlockCode } from '../code-references.ts';
import { blockConnections } from './block-connections.ts';
import { blockGlobals } from './block-globals.ts';
import type { BlockRun } from './block-run.ts';
import { blockFileName, errorReport } from './error-report.ts';
import { timeoutMessage } from './messages.ts';
import { toPlainData } from './plain-data.ts';
import type { ConnectionGrant, RunEnd, RunMessage } from './protocol.ts';
import type { RunnerClients } from './runner-clients.ts';

// A registry symbol is the same in every realm, so the script can read the inputs without a visible global name.
const inputsKey = Symbol.for('ziggy.block.inputs');

function isScriptTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/**
 * Runs one block in a fresh vm context: opens the clients it names, compiles its function
 * and calls it with the inputs inside the script, so the vm's timeout also cuts a
 * synchronous endless loop in the function body (the parent kills the runner for an
 * asynchronous one). Returns what the parent needs, scrubbed of the run's secret values.
 */
export async function runBlock(message: RunMessage, run: BlockRun, clients: RunnerClients, ask: (name: string) => Promise<ConnectionGrant>): Promise<RunEnd> {
  const started = performance.now();
  try {
    const connections = await blockConnections({ named: message.connections, mode: message.mode, clients, ask });
    const sandbox = Object.assign(Object.create(null) as object, blockGlobals({ run, executionId: message.executionId, mode: message.mode, connections, secrets: message.secrets }));
    Object.defineProperty(sandbox, inputsKey, { value: message.inputs, configurable: true });
    const context = vm.createContext(sandbox, { name: `block ${message.executionId}` });
    // The wrapper puts the code on line 2; lineOffset -1 makes stack lines match the user's code.
    // No importModuleDynamically: without one, import() in the block rejects.
    const source = `${wrapBlockCode(message.code)}.apply(undefined, globalThis[Symbol.for(${JSON.stringify(inputsKey.description)})])`;
    const script = new vm.Script(source, { filename: blockFileName, lineOffset: -1 });
    const remainingMs = Math.max(1, Math.round(message.timeoutMs - (performance.now() - started)));
    const returned: unknown = script.runInContext(context, { timeout: remainingMs });
    Reflect.deleteProperty(sandbox, inputsKey);
    const value = await Promise.race([Promise.resolve(returned), run.failure]);
    const result = toPlainData(value, 'The return value');
    return { status: 'ok', result: run.redactor.redactValue(result), outputs: run.outputs() };
  } catch (error) {
    if (isScriptTimeout(error)) {
      return { status: 'timeout', outputs: run.outputs(), error: { message: timeoutMessage(message.timeoutMs) } };
    }
    return { status: 'error', outputs: run.outputs(), error: run.redactor.redactValue(errorReport(error, run.codeLines)) };
  } finally {
    run.end();
  }
}
