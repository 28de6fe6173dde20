export { list } from './list.ts';
export { get } from './get.ts';
export { put } from './put.ts';
export { deletePath } from './delete.ts';
export { rename } from './rename.ts';
export { mkdir } from './mkdir.ts';
export { exists } from './exists.ts';
