/**
 * The key prefix an object store lists a directory under: `a/b` lists under `a/b/`; the root
 * (`''`, `.`, `/`) is the empty prefix, which no key names, so even an empty bucket has it.
 */
export function keyPrefixOf(directory: string): string {
  const trimmed = directory.replace(/^\/+|\/+$/g, '');
  return trimmed === '' || trimmed === '.' ? '' : `${trimmed}/`;
}
