export { select } from './select.ts';
export { insert } from './insert.ts';
export { upsert } from './upsert.ts';
export { update } from './update.ts';
export { deleteRows } from './delete.ts';
export { raw } from './raw.ts';
