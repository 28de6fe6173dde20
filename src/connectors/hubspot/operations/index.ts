export { read } from './read.ts';
export { write } from './write.ts';
