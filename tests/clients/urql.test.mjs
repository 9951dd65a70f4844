// urql 6 with its default exchanges and Accept header (which lists text/event-stream last: JSON is what it wants).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, cacheExchange, fetchExchange, gql } from '@urql/core';
import { url, headers } from './gateway.mjs';

test('a query and a mutation with the default exchanges', async () => {
  const client = new Client({ url, exchanges: [cacheExchange, fetchExchange], fetchOptions: { headers } });
  const query = await client.query(gql`{ customer(id: "7") { id crmId name } }`, {}).toPromise();
  const mutation = await client.mutation(gql`mutation { updateCustomerContact(input: { id: "10", phone: "+1 555 0110" }) { customer { id phone } } }`, {}).toPromise();
  assert.equal(query.error, undefined);
  assert.equal(query.data.customer.crmId, '7');
  assert.equal(mutation.data.updateCustomerContact.customer.phone, '+1 555 0110');
});
