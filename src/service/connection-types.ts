import { z } from 'zod';
import { ZiggyError, type AnyConnector } from '../core/index.ts';
import type { ConnectionTypeView, TypeService } from './types.ts';

function toView(connector: AnyConnector): ConnectionTypeView {
  return {
    id: connector.id,
    label: connector.label,
    module: connector.module,
    description: connector.description,
    lifecycle: connector.lifecycle,
    example: connector.example,
    secretFields: connector.secretFields,
    jsonSchema: z.toJSONSchema(connector.schema, { io: 'input', unrepresentable: 'any' }),
    operations: Object.entries(connector.operations).map(([name, operation]) => ({
      name,
      label: operation.label,
      description: operation.description,
    })),
    files: connector.files === undefined ? null : { location: connector.files.location ?? null },
  };
}

export function createTypeService(connectors: readonly AnyConnector[]): TypeService & { find(id: string): AnyConnector } {
  const byId = new Map(connectors.map((connector) => [connector.id, connector]));
  function find(id: string): AnyConnector {
    const connector = byId.get(id);
    if (!connector) {
      throw new ZiggyError('type_unknown', `Unknown connection type "${id}". Known types: ${[...byId.keys()].join(', ')}.`, {
        field: 'type',
        type: id,
      });
    }
    return connector;
  }
  return {
    find,
    list: async () => connectors.map(toView),
    get: async (id) => toView(find(id)),
  };
}
