export { get } from './get.ts';
export { list } from './list.ts';
export { create } from './create.ts';
export { update } from './update.ts';
