export * from './errors.ts';
export * from './mode.ts';
export * from './names.ts';
export * from './connector.ts';
export type * from './config/types.ts';
