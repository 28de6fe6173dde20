import { types } from 'node:util';

/**
 * Copies a value the block made into plain data of this realm, so it can cross IPC and the
 * redactor sees it as plain data (objects made inside the block's vm context have that
 * context's prototypes, which the redactor would pass through untouched). The rules are
 * JSON's with more kept: undefined, bigint, Date and bytes (as Buffer) survive; `toJSON` is
 * honoured; Map becomes an object, Set an array, an Error `{ name, message }`; functions and
 * symbols are left out. A Promise or a circular reference is refused with a TypeError.
 */
export function toPlainData(value: unknown, what: string): unknown {
  return copy(value, what, []);
}

function copy(value: unknown, path: string, ancestors: object[]): unknown {
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.includes(value)) throw new TypeError(`${path} refers back to itself (a circular reference); send plain data.`);
  if (types.isPromise(value)) throw new TypeError(`${path} is a Promise; await it before sending it.`);
  if (types.isDate(value)) return new Date(value.getTime());
  if (types.isBoxedPrimitive(value)) return (value as { valueOf(): unknown }).valueOf();
  if (types.isRegExp(value)) return String(value);
  if (ArrayBuffer.isView(value)) return Buffer.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  if (types.isAnyArrayBuffer(value)) return Buffer.from(new Uint8Array(value));
  if (types.isNativeError(value)) return { name: value.name, message: value.message };

  ancestors.push(value);
  try {
    // Array.from, not map: map would build the copy with the other realm's Array.
    if (Array.isArray(value) || types.isSet(value)) {
      return Array.from(value as Iterable<unknown>, (item, index) => copy(item, `${path}[${index}]`, ancestors));
    }
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return copy(toJSON.call(value), path, ancestors);
    const entries = types.isMap(value) ? [...value.entries()].map(([key, item]) => [String(key), item] as const) : Object.entries(value);
    const result: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      if (typeof item === 'function' || typeof item === 'symbol') continue;
      // defineProperty, not assignment: a "__proto__" key stays a key.
      Object.defineProperty(result, key, { value: copy(item, `${path}.${key}`, ancestors), writable: true, enumerable: true, configurable: true });
    }
    return result;
  } finally {
    ancestors.pop();
  }
}
