export { ClientCache, type ClientCacheOptions, type ResolvedClientConfig } from './client-cache.ts';
export { configFingerprint } from './fingerprint.ts';
