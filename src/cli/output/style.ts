import type { CliIO } from '../io.ts';

export interface Style {
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const plain: Style = { green: String, red: String, yellow: String, dim: String, bold: String };
const colored: Style = { green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };

/** Colors only on a terminal, and never when `NO_COLOR` is set (https://no-color.org). */
export function styleFor(stream: { isTTY?: boolean }, env: CliIO['env']): Style {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return stream.isTTY === true && !noColor ? colored : plain;
}
