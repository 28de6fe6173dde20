export { decryptSecret, encryptSecret } from './crypto.ts';
export { loadMasterKey, masterKeyEnvVar, masterKeyFileName, parseMasterKey } from './master-key.ts';
export type { LoadMasterKeyOptions, MasterKey, MasterKeySource } from './master-key.ts';
export { Redactor, secretMask } from './redactor.ts';
