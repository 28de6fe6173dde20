import assert from 'node:assert/strict';
import { ZiggyError } from '../../src/core/index.ts';

/**
 * A check for `assert.rejects`: the error is a ZiggyError with this id and, when given, exactly
 * this message, a message matching this pattern, or whatever `expected` asserts about the error.
 */
export function rejectsWith(id: string, expected?: string | RegExp | ((error: ZiggyError) => void)): (error: unknown) => true {
  return (error) => {
    assert.ok(error instanceof ZiggyError, `expected a ZiggyError, got ${String(error)}`);
    assert.equal(error.id, id, error.message);
    if (typeof expected === 'string') assert.equal(error.message, expected);
    else if (expected instanceof RegExp) assert.match(error.message, expected);
    else expected?.(error);
    return true;
  };
}
