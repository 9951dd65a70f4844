// graphql-request 7 with its defaults: a request with variables, and batchRequests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphQLClient, batchRequests, gql } from 'graphql-request';
import { url, headers } from './gateway.mjs';

test('a query with variables', async () => {
  const client = new GraphQLClient(url, { headers });
  const data = await client.request(gql`query ($id: ID!) { customer(id: $id) { id crmId } }`, { id: '11' });
  assert.equal(data.customer.crmId, '11');
});

test('a batch', async () => {
  const [one, two] = await batchRequests(url, [
    { document: gql`{ customer(id: "12") { id crmId } }` },
    { document: gql`{ customer(id: "13") { id crmId } }` },
  ], headers);
  assert.equal(one.data.customer.crmId, '12');
  assert.equal(two.data.customer.crmId, '13');
});
