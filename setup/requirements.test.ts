// The README says what the bootstrap installs and starts; this keeps that paragraph in step with
// the declared list, so a package added to requirements.ts cannot go unmentioned.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { requirements } from './requirements.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README and the declared requirements', () => {
  for (const pkg of [...requirements.server, ...requirements.test]) {
    it(`names the package ${pkg.package}`, () => {
      assert.ok(readme.includes(`\`${pkg.package}\``), `README.md does not name \`${pkg.package}\` (setup/requirements.ts declares it)`);
    });
  }
  for (const service of requirements.services) {
    it(`names the service ${service.name}`, () => {
      assert.ok(readme.includes(service.name), `README.md does not name the service ${service.name} (setup/requirements.ts declares it)`);
    });
  }
});
