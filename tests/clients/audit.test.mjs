// The graphql-http audit (the GraphQL over HTTP spec's conformance checks, from the spec's own organisation): every
// MUST and every SHOULD holds. The MAYs are the server's choice and are not tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditServer } from 'graphql-http';
import { url } from './gateway.mjs';

const results = await auditServer({ url });

test('the audit ran its checks', () => assert.ok(results.length > 40, `${results.length} checks`));

for (const result of results.filter((r) => /^(MUST|SHOULD) /.test(r.name))) {
  test(`graphql-http audit ${result.id}: ${result.name}`, () => assert.equal(result.status, 'ok', result.reason));
}
