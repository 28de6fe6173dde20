import { connectors } from '../../../src/connectors/index.ts';
import { createTypeService } from '../../../src/service/connection-types.ts';
import type { ConnectionTypeView } from '../../../src/service/types.ts';

/** A type exactly as GET /api/types/:id serves it, so the editor is tested against the real schemas. */
export function typeView(id: string): Promise<ConnectionTypeView> {
  return createTypeService(connectors).get(id);
}
