import { createNpmModuleConnector } from './connector.ts';

/**
 * The type with no module allowed, as the registry lists it and a runner loads it: a runner only
 * makes clients, from the `moduleFile` the hub's schema (built with the allowlist) put in the config.
 */
export default createNpmModuleConnector(new Map());
