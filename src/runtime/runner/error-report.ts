import { inspect, types } from 'node:util';

/** The file name the block's code is compiled under, so its stack frames can be told from the runner's. */
export const blockFileName = 'block.js';

const userFrame = new RegExp(`[( ]${blockFileName.replace('.', '\\.')}:(\\d+):\\d+\\)?$`);

// Node's own words ("A dynamic import callback was not specified") would read as a setup fault.
const importRefused = 'import() is not available in a block: use the connections, secrets and other globals it is given.';

export interface ErrorReport {
  message: string;
  stack?: string;
}

/**
 * What a thrown value tells the user: its message and the stack frames inside the block's
 * `codeLines` lines (runner, library and wrapper frames say nothing useful and reveal the
 * runner's paths). Works for errors made in the block's own vm context, which are not
 * `instanceof Error` here.
 */
export function errorReport(thrown: unknown, codeLines: number): ErrorReport {
  if (!types.isNativeError(thrown)) return { message: `The block threw ${inspect(thrown, { depth: 2, breakLength: Infinity })}` };
  const message = (thrown as { code?: unknown }).code === 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING' ? importRefused : thrown.message || thrown.name;
  const stack = typeof thrown.stack === 'string' ? userStack(thrown.stack, codeLines) : undefined;
  return stack === undefined ? { message } : { message, stack };
}

function userStack(stack: string, codeLines: number): string | undefined {
  const lines = stack.split('\n');
  const firstFrame = lines.findIndex((line) => line.trimStart().startsWith('at '));
  if (firstFrame === -1) return undefined;
  const frames = lines.slice(firstFrame).filter((line) => Number(userFrame.exec(line)?.[1] ?? Infinity) <= codeLines);
  if (frames.length === 0) return undefined;
  return [...lines.slice(0, firstFrame), ...frames].join('\n');
}
