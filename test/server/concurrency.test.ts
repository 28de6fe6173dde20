import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { postgresSource } from '../support/temp-services.ts';
import { startHarness, type Harness } from './harness.ts';

describe('concurrent updates over HTTP', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
    const secret = await harness.request('PUT', '/api/secrets/PG_PASSWORD', { token: harness.tokens.editor, body: { value: 'unused' } });
    assert.equal(secret.status, 200);
  });
  after(() => harness.close());

  const create = async (name: string): Promise<number> => {
    const reply = await harness.request('POST', '/api/connections', {
      token: harness.tokens.editor,
      body: { name, type: 'postgres', devSource: postgresSource(), tags: [] },
    });
    assert.equal(reply.status, 201, reply.text);
    return reply.body.connection.version;
  };

  test('20 PATCHes naming the same version: exactly one wins, the rest get 409 version_conflict', async () => {
    const version = await create('contended');
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        harness.request('PATCH', '/api/connections/contended', {
          token: harness.tokens.editor,
          body: { description: `writer ${index}` },
          headers: { 'if-match': `"${version}"` },
        }),
      ),
    );
    const statuses = replies.map((reply) => reply.status);
    assert.equal(statuses.filter((status) => status === 200).length, 1, statuses.join(','));
    assert.equal(statuses.filter((status) => status === 409).length, 19, statuses.join(','));
    for (const reply of replies.filter((each) => each.status === 409)) assert.equal(reply.body.error, 'version_conflict');
    const current = await harness.request('GET', '/api/connections/contended', { token: harness.tokens.viewer });
    assert.equal(current.body.version, version + 1);
    assert.equal(current.headers.get('etag'), `"${version + 1}"`);
    const winner = replies.find((reply) => reply.status === 200);
    assert.equal(current.body.description, winner?.body.connection.description);
  });

  test('writers doing read-modify-write with retry on 409 lose no update', async () => {
    await create('shared');
    const writers = 12;
    const addTag = async (tag: string): Promise<number> => {
      for (let attempt = 1; ; attempt++) {
        const read = await harness.request('GET', '/api/connections/shared', { token: harness.tokens.editor });
        const etag = read.headers.get('etag');
        assert.ok(etag);
        const write = await harness.request('PATCH', '/api/connections/shared', {
          token: harness.tokens.editor,
          body: { tags: [...read.body.tags, tag] },
          headers: { 'if-match': etag },
        });
        if (write.status === 200) return attempt;
        assert.equal(write.status, 409, write.text);
        assert.ok(attempt < 200, `writer ${tag} kept conflicting`);
      }
    };
    const attempts = await Promise.all(Array.from({ length: writers }, (_, index) => addTag(`w${index}`)));
    assert.ok(attempts.some((count) => count > 1), 'the writers did contend (some retried)');
    const final = await harness.request('GET', '/api/connections/shared', { token: harness.tokens.viewer });
    assert.deepEqual([...final.body.tags].sort(), Array.from({ length: writers }, (_, index) => `w${index}`).sort());
    assert.equal(final.body.version, 1 + writers);
  });
});
