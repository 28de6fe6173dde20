export { ClientCache, type ClientCacheOptions, type ResolvedClientConfig } from './client-cache.ts';
export { codeReferences, type CodeReferences } from './code-references.ts';
export * from './runner/index.ts';
