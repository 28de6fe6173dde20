export { generate } from './generate.ts';
export { embed } from './embed.ts';
