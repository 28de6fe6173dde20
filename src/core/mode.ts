import { ZiggyError } from './errors.ts';

export const modes = ['dev', 'prod'] as const;
export type Mode = (typeof modes)[number];

/** Accepts `dev`/`prod` and the user's docs' spellings `DEV`/`PROD` (any case). */
export function parseMode(value: string): Mode {
  const lower = value.trim().toLowerCase();
  if (lower === 'dev' || lower === 'prod') return lower;
  throw new ZiggyError('mode_invalid', `Unknown mode "${value}": use dev or prod.`, { mode: value });
}
