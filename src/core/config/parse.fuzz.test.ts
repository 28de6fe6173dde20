import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ConfigSyntaxError } from './config-syntax-error.ts';
import { elasticServerlessSource, seedConfigs } from './fixtures/seed-configs.ts';
import { dangerousValues, mutate, printValue, seededRandom, trapName, type Random } from './fixtures/fuzz-inputs.ts';
import { parseConfig } from './parse.ts';
import { resolveConfig } from './resolve.ts';
import type { ResolvedConfig } from './types.ts';

// Fixed so CI is repeatable; set ZIGGY_FUZZ_SEED to explore other inputs.
const seed = Number(process.env.ZIGGY_FUZZ_SEED ?? 20_240_601);
const inputCount = 100_000;
// A hang detector, not a performance check: one small input takes microseconds.
const perCallLimitMs = 1000;

type Outcome = { ok: true; config: ResolvedConfig } | { ok: false; error: ConfigSyntaxError };

/** Parses and resolves, insisting that nothing but a ConfigSyntaxError ever escapes and that its position is inside the source. */
function run(source: string): Outcome {
  let tree;
  try {
    tree = parseConfig(source);
  } catch (error) {
    if (!(error instanceof ConfigSyntaxError)) throw new Error(`threw ${String(error)}`, { cause: error });
    const lines = source.split(/\r\n|[\r\n\u2028\u2029]/);
    const { line, column } = error.details;
    const lineLength = lines[line - 1]?.length ?? -1;
    if (!(Number.isInteger(line) && Number.isInteger(column) && column >= 1 && column <= lineLength + 1)) {
      throw new Error(`error position ${line}:${column} is outside the source: ${error.message}`);
    }
    return { ok: false, error };
  }
  return { ok: true, config: resolveConfig(tree, { mode: 'dev', connection: 'fuzz', lookup: (name) => `<${name}>` }) };
}

function nextInput(random: Random, index: number): { source: string; expected?: ResolvedConfig; mustFail?: boolean } {
  const lane = index % 10;
  if (lane < 3) {
    const printed = printValue(random, 0);
    return { source: printed.text, expected: printed.value as ResolvedConfig };
  }
  if (lane < 6) {
    const poison = { left: 1 };
    const { text } = printValue(random, 0, poison);
    const source = poison.left === 0 ? text : `{ bad: ${dangerousValues[index % dangerousValues.length]},${text.slice(1)}`;
    return { source, mustFail: true };
  }
  const base = lane < 8 ? (seedConfigs[index % seedConfigs.length]?.source ?? elasticServerlessSource) : printValue(random, 0).text;
  return { source: mutate(random, base) };
}

it(`parses ${inputCount} generated and mutated sources without running code, hanging or throwing anything unexpected`, () => {
  const random = seededRandom(seed);
  let codeRan = false;
  const flag = (): undefined => {
    codeRan = true;
    return undefined;
  };
  const originals = { eval: globalThis.eval, Function: globalThis.Function, exit: process.exit };
  Object.defineProperty(globalThis, trapName, { configurable: true, get: flag, set: flag });
  globalThis.eval = flag as typeof eval;
  globalThis.Function = flag as unknown as FunctionConstructor;
  process.exit = flag as typeof process.exit;
  let slowest = 0;
  const counts = { accepted: 0, refused: 0 };
  try {
    for (let index = 0; index < inputCount; index += 1) {
      const { source, expected, mustFail } = nextInput(random, index);
      const started = performance.now();
      try {
        const outcome = run(source);
        if (expected !== undefined) assert.deepEqual(outcome.ok ? outcome.config : outcome.error.message, expected);
        if (mustFail) assert.equal(outcome.ok, false, 'a dangerous construct was accepted');
        counts[outcome.ok ? 'accepted' : 'refused'] += 1;
      } catch (failure) {
        throw new Error(`fuzz failure (seed ${seed}, input #${index}): ${String(failure)}\ninput: ${JSON.stringify(source)}`, {
          cause: failure,
        });
      }
      const took = performance.now() - started;
      slowest = Math.max(slowest, took);
      assert.ok(took < perCallLimitMs, `input #${index} (seed ${seed}) took ${took.toFixed(0)} ms: ${JSON.stringify(source)}`);
      assert.equal(codeRan, false, `input #${index} (seed ${seed}) ran code: ${JSON.stringify(source)}`);
    }
  } finally {
    delete (globalThis as Record<string, unknown>)[trapName];
    globalThis.eval = originals.eval;
    globalThis.Function = originals.Function;
    process.exit = originals.exit;
  }
  assert.equal(codeRan, false);
  assert.equal('x' in globalThis, false);
  assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  // Each lane must really have been exercised: valid inputs parse, poisoned ones are refused.
  assert.ok(counts.accepted > inputCount * 0.3 && counts.refused > inputCount * 0.3, JSON.stringify(counts));
});
