/**
 * Throughput of the config language: parse + resolve of every seed-page object, against
 * JSON.parse of the same objects as JSON (the fastest plain-data parser) in the same run.
 * Run alone with `node bench/parse-resolve.ts`; bench/run.ts calls runParseResolveBench().
 */
import { seedConfigs, seedSecretValue } from '../src/core/config/fixtures/seed-configs.ts';
import { parseConfig, resolveConfig } from '../src/core/config/index.ts';

/** Objects per second parse + resolve must reach to keep config handling out of the way of a run. */
export const parseResolveTarget = 50_000;

export interface ParseResolveBenchResult {
  /** Seed objects in one round. */
  objectsPerRound: number;
  parseResolvePerSecond: number;
  jsonParsePerSecond: number;
  /** How many times slower than JSON.parse parse + resolve is. */
  slowdownVsJson: number;
  targetPerSecond: number;
  meetsTarget: boolean;
}

// Runs `round` (which handles one set of objects) for `durationMs` and returns objects per second.
function throughput(round: () => number, objectsPerRound: number, durationMs: number): number {
  let rounds = 0;
  let sink = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    sink += round();
    rounds += 1;
    elapsed = performance.now() - start;
  }
  // The sink is read so the engine cannot drop the work as unused.
  if (sink < 0) throw new Error('unreachable sink value');
  return (rounds * objectsPerRound * 1000) / elapsed;
}

export async function runParseResolveBench(options: { durationMs?: number } = {}): Promise<ParseResolveBenchResult> {
  const durationMs = options.durationMs ?? 3000;
  const sources = seedConfigs.map((seed) => seed.source);
  const jsonTexts = seedConfigs.map((seed) => JSON.stringify(seed.resolved, null, 2));
  const parseResolve = (): number => {
    let keys = 0;
    for (const source of sources) {
      const config = resolveConfig(parseConfig(source), { mode: 'prod', connection: 'bench', lookup: seedSecretValue });
      keys += Object.keys(config).length;
    }
    return keys;
  };
  const jsonParse = (): number => {
    let keys = 0;
    for (const text of jsonTexts) keys += Object.keys(JSON.parse(text) as object).length;
    return keys;
  };
  const warmUpMs = Math.min(500, durationMs / 4);
  throughput(parseResolve, sources.length, warmUpMs);
  throughput(jsonParse, sources.length, warmUpMs);
  await new Promise((resolve) => setImmediate(resolve));
  const parseResolvePerSecond = throughput(parseResolve, sources.length, durationMs);
  await new Promise((resolve) => setImmediate(resolve));
  const jsonParsePerSecond = throughput(jsonParse, sources.length, durationMs);
  return {
    objectsPerRound: sources.length,
    parseResolvePerSecond,
    jsonParsePerSecond,
    slowdownVsJson: jsonParsePerSecond / parseResolvePerSecond,
    targetPerSecond: parseResolveTarget,
    meetsTarget: parseResolvePerSecond >= parseResolveTarget,
  };
}

export function formatParseResolveBench(result: ParseResolveBenchResult): string {
  const rate = (value: number): string => Math.round(value).toLocaleString('en-US');
  return [
    '| benchmark | objects/s | vs baseline | target |',
    '| --- | ---: | ---: | --- |',
    `| parseConfig + resolveConfig, ${result.objectsPerRound} seed objects | ${rate(result.parseResolvePerSecond)} | ` +
      `${result.slowdownVsJson.toFixed(1)}× slower | ≥ ${rate(result.targetPerSecond)}: ${result.meetsTarget ? 'met' : 'MISSED'} |`,
    `| baseline: JSON.parse of the same objects as JSON | ${rate(result.jsonParsePerSecond)} | 1× | |`,
  ].join('\n');
}

if (import.meta.main) {
  const result = await runParseResolveBench();
  console.log(formatParseResolveBench(result));
  if (!result.meetsTarget) process.exitCode = 1;
}
