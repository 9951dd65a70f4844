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

test('a deferred fragment and a streamed list with the default exchanges', async () => {
  const client = new Client({ url, exchanges: [cacheExchange, fetchExchange], fetchOptions: { headers } });
  const results = await new Promise((resolve) => {
    const seen = [];
    const { unsubscribe } = client.query(gql`{ customer(id: "23") { crmId ... @defer { email } payments(first: 5) { nodes @stream(initialCount: 1) { paymentId } } } }`, {})
      .subscribe((result) => {
        seen.push(result);
        if (!result.hasNext) { queueMicrotask(() => unsubscribe()); resolve(seen); }
      });
  });
  assert.ok(results.length > 1, 'more than one payload');
  assert.equal(results[0].data.customer.email, undefined);
  assert.equal(results[0].data.customer.payments.nodes.length, 1);
  const done = results.at(-1);
  assert.equal(done.error, undefined);
  assert.match(done.data.customer.email, /@/);
  assert.ok(done.data.customer.payments.nodes.length > 1);
});
