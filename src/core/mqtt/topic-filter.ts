/**
 * Whether a topic matches a subscription filter (MQTT 3.1.1 §4.7): `+` is one level, a final `#`
 * any number (its parent included), a `$share/group/` prefix is dropped, and wildcards at the
 * first level do not match `$` topics such as `$SYS/…`.
 */
export function matchesFilter(filter: string, topic: string): boolean {
  const plain = filter.startsWith('$share/') ? filter.split('/').slice(2).join('/') : filter;
  const wanted = plain.split('/');
  const levels = topic.split('/');
  if (topic.startsWith('$') && (wanted[0] === '+' || wanted[0] === '#')) return false;
  for (let index = 0; index < wanted.length; index++) {
    if (wanted[index] === '#') return true;
    if (index >= levels.length || (wanted[index] !== '+' && wanted[index] !== levels[index])) return false;
  }
  return wanted.length === levels.length;
}
