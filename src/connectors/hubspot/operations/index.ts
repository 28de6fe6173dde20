export { associate } from './associate.ts';
export { read } from './read.ts';
export { write } from './write.ts';
