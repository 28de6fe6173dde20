import { Transform } from 'node:stream';
import { SingleBar } from 'cli-progress';
import prettyBytes from 'pretty-bytes';
import type { CliIO } from '../io.ts';

/** Off a terminal, one line per this share of a known size, or per this many bytes of an unknown one. */
const lineEveryShare = 0.1;
const lineEveryBytes = 64 * 1024 * 1024;

export interface TransferProgress {
  /** Passes the bytes through, counting them. */
  counter: Transform;
  /** Ends the bar or prints the last line; `ok` false leaves the count where it stopped. */
  finish(ok: boolean): void;
}

const rateOf = (bytes: number, startedAt: number): string => `${prettyBytes(bytes / Math.max((performance.now() - startedAt) / 1000, 0.001))}/s`;

/**
 * Progress of one transfer on stderr: a bar with bytes, rate and ETA on a terminal; plain lines
 * at every tenth elsewhere (a CI log); nothing with `--json`, whose answer is the result alone.
 */
export function transferProgress(io: CliIO, options: { label: string; total: number | undefined; json: boolean }): TransferProgress {
  const { label, total } = options;
  const startedAt = performance.now();
  let bytes = 0;
  const counter = (onBytes: (count: number) => void) =>
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        onBytes(bytes);
        done(null, chunk);
      },
    });

  if (options.json) return { counter: counter(() => undefined), finish: () => undefined };

  if (io.stderr.isTTY === true && total !== undefined) {
    const bar = new SingleBar({
      stream: io.stderr,
      format: `${label} [{bar}] {percentage}% | {done} of {size} | {rate} | ETA {eta_formatted}`,
      barsize: 30,
      hideCursor: true,
      etaBuffer: 50,
      fps: 10,
    });
    bar.start(Math.max(total, 1), 0, { done: prettyBytes(0), size: prettyBytes(total), rate: '' });
    return {
      counter: counter((count) => bar.update(count, { done: prettyBytes(count), rate: rateOf(count, startedAt) })),
      finish(ok) {
        if (ok) bar.update(Math.max(total, 1), { done: prettyBytes(bytes), rate: rateOf(bytes, startedAt) });
        bar.stop();
      },
    };
  }

  const step = total === undefined ? lineEveryBytes : Math.max(1, Math.ceil(total * lineEveryShare));
  let nextLine = step;
  const line = (count: number) => {
    const share = total === undefined || total === 0 ? '' : ` ${Math.floor((count / total) * 100)}%`;
    const of = total === undefined ? '' : ` of ${prettyBytes(total)}`;
    io.stderr.write(`${label}:${share} ${prettyBytes(count)}${of}, ${rateOf(count, startedAt)}\n`);
  };
  return {
    counter: counter((count) => {
      if (count < nextLine || count === total) return;
      line(count);
      while (nextLine <= count) nextLine += step;
    }),
    finish(ok) {
      if (ok) line(bytes);
    },
  };
}
