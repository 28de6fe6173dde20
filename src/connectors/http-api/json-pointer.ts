/** The value at an RFC 6901 JSON pointer ('' is the whole document, '/data/items/0'); undefined when absent. */
export function atPointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  if (!pointer.startsWith('/')) throw new TypeError(`A JSON pointer starts with '/': ${JSON.stringify(pointer)}.`);
  let value = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
