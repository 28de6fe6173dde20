/** The inputs a block run gets, read from the JSON the user typed, or why they cannot be read and where. */
export type InputsResult =
  | { ok: true; inputs: unknown[] }
  | { ok: false; message: string; from: number; to: number };

const example = 'e.g. [] for none, or [[1, 2], "text", { "id": 7 }] for three arguments';

/**
 * Reads the inputs editor: a JSON array whose items are the block's arguments in order.
 * Empty text means no inputs. A position is taken from the browser's JSON error when it gives one.
 */
export function parseInputs(text: string): InputsResult {
  if (text.trim() === '') return { ok: true, inputs: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const at = errorOffset(text, reason);
    return {
      ok: false,
      message: `The inputs are not valid JSON: ${reason.replace(/^JSON\.parse: /, '')}. Write a JSON array, ${example}.`,
      from: at,
      to: Math.min(text.length, at + 1),
    };
  }
  if (!Array.isArray(value)) {
    const start = text.length - text.trimStart().length;
    return {
      ok: false,
      message: `The inputs must be a JSON array of the block's arguments, not ${kind(value)}: wrap it in [ ] to pass it as the first argument (${example}).`,
      from: start,
      to: text.trimEnd().length,
    };
  }
  return { ok: true, inputs: value };
}

// V8 says "at position 12" (newer ones add "(line 2 column 3)"), Firefox "at line 2 column 3".
function errorOffset(text: string, reason: string): number {
  const lineColumn = /line (\d+) column (\d+)/.exec(reason);
  if (lineColumn) {
    const lines = text.split('\n').slice(0, Number(lineColumn[1]) - 1);
    return Math.min(text.length, lines.reduce((sum, line) => sum + line.length + 1, 0) + Number(lineColumn[2]) - 1);
  }
  const position = /position (\d+)/.exec(reason);
  return position ? Math.min(text.length, Number(position[1])) : 0;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
