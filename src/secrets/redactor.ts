/**
 * Scrubs registered secret values from any text or data before it leaves the process:
 * logs, console lines, errors and run records. Each value is also caught in the forms it
 * takes in connection strings and auth headers (URL-encoded, base64, base64url).
 */
export const secretMask = '[secret]';

function escapeForRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

// A very short value (a PIN, a one-letter test password) would mask pieces of unrelated words
// ("x" in "text"), and so would its encoded forms ("eA", base64 of "x", in "remoteAddress").
// Such a value is masked where it stands alone, not inside a word, and its encoded forms not at all.
const minLengthInsideWords = 6;

function pattern(form: string): string {
  const escaped = escapeForRegExp(form);
  return form.length < minLengthInsideWords ? `(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])` : escaped;
}

function encodedForms(value: string): string[] {
  if (value.length < minLengthInsideWords) return [value];
  const bytes = Buffer.from(value, 'utf8');
  return [
    value,
    encodeURIComponent(value),
    // Form encoding writes spaces as "+".
    encodeURIComponent(value).replaceAll('%20', '+'),
    bytes.toString('base64'),
    bytes.toString('base64url'),
  ];
}

interface Patterns {
  /** Finds whether anything matches; the fast path for text without secrets. */
  any: RegExp;
  /** Zero-width at every position, capturing the longest value starting there, so overlapping values are all found. */
  everyStart: RegExp;
}

export class Redactor {
  readonly #forms = new Set<string>();
  #patterns: Patterns | undefined;

  /** Registers a plaintext secret value; empty strings are ignored. */
  add(value: string): void {
    if (value === '') return;
    const sizeBefore = this.#forms.size;
    for (const form of encodedForms(value)) if (form !== '') this.#forms.add(form);
    if (this.#forms.size !== sizeBefore) this.#patterns = undefined;
  }

  has(text: string): boolean {
    const patterns = this.#currentPatterns();
    return patterns !== undefined && patterns.any.test(text);
  }

  /** Replaces every occurrence of every registered value with the mask; overlapping occurrences become one mask. */
  redact(text: string): string {
    const patterns = this.#currentPatterns();
    if (patterns === undefined || !patterns.any.test(text)) return text;
    const ranges: Array<{ start: number; end: number }> = [];
    for (const match of text.matchAll(patterns.everyStart)) {
      const start = match.index;
      const end = start + (match[1]?.length ?? 0);
      const last = ranges.at(-1);
      if (last !== undefined && start <= last.end) last.end = Math.max(last.end, end);
      else ranges.push({ start, end });
    }
    let result = '';
    let position = 0;
    for (const range of ranges) {
      result += text.slice(position, range.start) + secretMask;
      position = range.end;
    }
    return result + text.slice(position);
  }

  /**
   * A deep copy of plain data (arrays, plain objects, Errors, Dates) with every string
   * redacted; instances of other classes are returned as they are.
   */
  redactValue<T>(value: T): T {
    return this.#copy(value, new WeakMap()) as T;
  }

  #copy(value: unknown, seen: WeakMap<object, unknown>): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (typeof value !== 'object' || value === null) return value;
    const known = seen.get(value);
    if (known !== undefined) return known;

    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      seen.set(value, copy);
      for (const item of value) copy.push(this.#copy(item, seen));
      return copy;
    }
    if (value instanceof Error) return this.#copyError(value, seen);
    if (value instanceof Date) return new Date(value.getTime());

    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return value;
    const copy: Record<string, unknown> = Object.create(prototype);
    seen.set(value, copy);
    for (const [key, item] of Object.entries(value)) {
      // defineProperty, not assignment: a "__proto__" key must stay a key, not replace the prototype.
      Object.defineProperty(copy, this.redact(key), {
        value: this.#copy(item, seen),
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
    return copy;
  }

  #copyError(error: Error, seen: WeakMap<object, unknown>): Error {
    const copy = Object.create(Object.getPrototypeOf(error)) as Error;
    seen.set(error, copy);
    for (const key of Reflect.ownKeys(error)) {
      const descriptor = Object.getOwnPropertyDescriptor(error, key);
      // Read through accessors (V8's `stack` is one) so the copy holds redacted plain values.
      const item: unknown = Reflect.get(error, key);
      Object.defineProperty(copy, key, {
        value: this.#copy(item, seen),
        writable: true,
        enumerable: descriptor?.enumerable ?? false,
        configurable: true,
      });
    }
    return copy;
  }

  #currentPatterns(): Patterns | undefined {
    if (this.#forms.size === 0) return undefined;
    if (this.#patterns === undefined) {
      // Longest first: an alternation takes the first alternative that matches.
      const alternatives = [...this.#forms]
        .sort((a, b) => b.length - a.length)
        .map(pattern)
        .join('|');
      this.#patterns = { any: new RegExp(alternatives, 'u'), everyStart: new RegExp(`(?=(${alternatives}))`, 'gu') };
    }
    return this.#patterns;
  }
}
