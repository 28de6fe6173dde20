/** What the user reads when a run hits a limit or its runner dies; shared by the runner and the pool. */

export function timeoutMessage(timeoutMs: number): string {
  return `The block ran longer than ${timeoutMs / 1000} s and was stopped.`;
}

export function memoryMessage(memoryMb: number): string {
  return `The block used more than ${memoryMb} MB of memory and was stopped.`;
}

export function crashMessage(exit: string): string {
  return `The block's runner process stopped unexpectedly (${exit}); the run was lost and the runner replaced.`;
}

/** A run whose runner the pool killed for another reason than its deadline: the pool is closing. */
export const stoppedMessage = 'The block was stopped because its runner pool was closed.';
