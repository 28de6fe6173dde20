/** `ziggy-connections/testing`: the contract suite every built-in type passes, for a connector package's own tests (`node --test`). */
export { runConnectorContract, type ContractFixtures } from './connectors/contract.ts';
