import { ZiggyError } from './errors.ts';

const connectionNamePattern = /^[A-Za-z][A-Za-z0-9_-]*$/;
const secretNamePattern = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const maxNameLength = 100;

// Words that cannot be a JavaScript variable name; a secret is used as `secrets.NAME` and the docs promise variable rules.
const reservedWords = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval undefined NaN Infinity')
    .split(' '),
);

/** Connection names: letters, digits, `_` and `-`, starting with a letter. */
export function assertConnectionName(name: string): void {
  if (name.length === 0 || name.length > maxNameLength || !connectionNamePattern.test(name)) {
    throw new ZiggyError(
      'name_invalid',
      `Connection name "${name}" is not allowed: use letters, digits, "_" and "-", start with a letter, at most ${maxNameLength} characters.`,
      { field: 'name' },
    );
  }
}

/**
 * The form of a connection name usable as `connections.NAME` in code: dashes become
 * underscores (`crm-prod` → `crm_prod`); `connections.get('crm-prod')` works for any name.
 */
export function connectionIdentifier(name: string): string {
  return name.replaceAll('-', '_');
}

/** Secret names follow JavaScript variable rules, as the user's docs say. */
export function assertSecretName(name: string): void {
  if (name.length === 0 || name.length > maxNameLength || !secretNamePattern.test(name) || reservedWords.has(name)) {
    throw new ZiggyError(
      'name_invalid',
      `Secret name "${name}" is not allowed: it must be a valid JavaScript variable name (letters, digits, "_" or "$", not starting with a digit, not a reserved word).`,
      { field: 'name' },
    );
  }
}
