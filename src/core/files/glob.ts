/**
 * Whether `name` matches a shell-style `pattern`: `*` any run of characters, `?` one character,
 * everything else literally (case-sensitive). Matching walks both strings and backtracks only
 * to the last `*`, so no pattern can make it slow, and no user text ever becomes a regex.
 */
export function matchesGlob(pattern: string, name: string): boolean {
  const p = [...pattern];
  const n = [...name];
  let pi = 0;
  let ni = 0;
  let starAt = -1;
  let starMatched = 0;
  while (ni < n.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === n[ni]))) {
      pi++;
      ni++;
    } else if (pi < p.length && p[pi] === '*') {
      starAt = pi++;
      starMatched = ni;
    } else if (starAt !== -1) {
      pi = starAt + 1;
      ni = ++starMatched;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
