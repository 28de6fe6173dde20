export { parseConfig, maxSourceLength } from './parse.ts';
export { maxNestingDepth } from './to-tree.ts';
export { ConfigSyntaxError, type ConfigSyntaxDetails } from './config-syntax-error.ts';
export { resolveConfig, type ResolveOptions } from './resolve.ts';
export { secretReferences, secretNames } from './secret-refs.ts';
export { locateField } from './locate.ts';
