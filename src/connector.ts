/**
 * `ziggy-connections/connector`: what an author of a connector package imports. The package's
 * default export is `defineConnector({...})`; its schema is made with the `z` exported here, the
 * hub's own zod, so the hub can read it (JSON Schema for the UI and docs).
 */
export { z } from 'zod';
export {
  defineConnector,
  runConnectionTest,
  classifyNetworkError,
  closingClient,
  unexpectedFailure,
  valuesAt,
  ZiggyError,
  isZiggyError,
  parseConfig,
  resolveConfig,
  type AnyConnector,
  type ClientLifecycle,
  type ConnectionTestOptions,
  type ConnectorDefinition,
  type NetworkFields,
  type Operation,
  type OperationContext,
  type StepRunner,
  type TestContext,
  type TestFailure,
  type TestResult,
  type TestStep,
  type TestSuccess,
} from './core/index.ts';
