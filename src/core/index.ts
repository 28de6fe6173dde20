export * from './errors.ts';
export * from './mode.ts';
export * from './names.ts';
export * from './connector.ts';
export type * from './config/types.ts';
export * from './connection-test.ts';
export * from './config/index.ts';
export * from './roles.ts';
export * from './login-schemas.ts';
