import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ConnectionView } from '../../service/types.ts';
import { renderConnection } from './connection.ts';

const view: ConnectionView = {
  name: 'db',
  identifier: 'db',
  type: 'postgres',
  description: '',
  tags: [],
  version: 1,
  prodUsesDev: false,
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
  updatedBy: 'user:admin',
  lastTest: {},
  devSource: "{ host: 'dev' }",
  prodSource: null,
  secretRefs: { dev: [], prod: [] },
  hiddenSources: [],
};

it('says the prod config is hidden rather than unset when the server left it out', () => {
  assert.match(renderConnection(view), /^prod: \(not set — uses the dev config\)$/m);
  const hidden = renderConnection({ ...view, hiddenSources: ['prod'] });
  assert.match(hidden, /^prod: \(hidden: reading the prod config needs write in prod\)$/m);
  assert.doesNotMatch(hidden, /uses the dev config/);
});
