/** Paths as the file routes take them: `.` is the top (the SFTP home, a bucket's root), `/` separates names. */

export const topPath = '.';

/** The path of a name inside a directory. */
export function childPath(directory: string, name: string): string {
  if (directory === topPath || directory === '') return name;
  return directory.endsWith('/') ? `${directory}${name}` : `${directory}/${name}`;
}

export interface Crumb {
  label: string;
  path: string;
}

/** Each directory from the top down to the path, the last being the path itself. */
export function crumbsOf(path: string, topLabel: string): Crumb[] {
  const absolute = path.startsWith('/');
  const names = path.split('/').filter((name) => name !== '' && name !== '.');
  const top: Crumb = { label: topLabel, path: absolute ? '/' : topPath };
  return [top, ...names.map((name, index) => ({ label: name, path: `${absolute ? '/' : ''}${names.slice(0, index + 1).join('/')}` }))];
}

/** Whole percent of a transfer; an empty file is done at once. */
export function percentOf(sent: number, total: number): number {
  return total === 0 ? 100 : Math.min(100, Math.floor((sent / total) * 100));
}
