import { ZiggyError } from '../../core/errors.ts';

/** A compare-and-set save refused because the entity moved on since the caller read it. */
export function versionConflict(entity: 'Block' | 'Connection', name: string, expected: number, current: number): ZiggyError {
  return new ZiggyError(
    'version_conflict',
    `${entity} "${name}" was changed by someone else: you sent version ${expected}, ` +
      `the current version is ${current}. Reload and apply your change again.`,
    { name, expected, current },
  );
}
