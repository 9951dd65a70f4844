// Apollo Client 4 with its defaults: HttpLink queries and mutations, its multipart HTTP subscriptions, BatchHttpLink
// batches and automatic persisted queries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { BatchHttpLink } from '@apollo/client/link/batch-http';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { Defer20220824Handler, GraphQL17Alpha9Handler } from '@apollo/client/incremental';
import { url, headers, weatherSubscription } from './gateway.mjs';

const client = (link) => new ApolloClient({ link, cache: new InMemoryCache() });

test('a query, normalised in the cache', async () => {
  const apollo = client(new HttpLink({ uri: url, headers }));
  const { data } = await apollo.query({ query: gql`{ customer(id: "3") { id crmId name address { city } } }` });
  assert.equal(data.customer.crmId, '3');
  assert.ok(apollo.cache.extract()[`Customer:${data.customer.id}`], 'the customer is normalised by its id');
});

test('a mutation', async () => {
  const apollo = client(new HttpLink({ uri: url, headers }));
  const { data } = await apollo.mutate({
    mutation: gql`mutation { updateCustomerContact(input: { id: "9", phone: "+1 555 0109" }) { customer { id phone } userErrors { code } } }`,
  });
  assert.equal(data.updateCustomerContact.customer.phone, '+1 555 0109');
  assert.deepEqual(data.updateCustomerContact.userErrors, []);
});

test('a subscription over multipart HTTP', async () => {
  const apollo = client(new HttpLink({ uri: url, headers }));
  const first = await new Promise((resolve, reject) => {
    const subscription = apollo.subscribe({ query: gql(weatherSubscription()) }).subscribe({
      next: (result) => { subscription.unsubscribe(); resolve(result); },
      error: reject,
    });
  });
  assert.equal(first.error, undefined);
  assert.equal(typeof first.data.weatherChanged.temperatureC, 'number');
});

test('a batch of two queries in one request', async () => {
  const apollo = client(new BatchHttpLink({ uri: url, headers, batchMax: 5, batchInterval: 20 }));
  const [one, two] = await Promise.all([
    apollo.query({ query: gql`{ customer(id: "4") { id crmId } }` }),
    apollo.query({ query: gql`{ customer(id: "5") { id crmId } }` }),
  ]);
  assert.equal(one.data.customer.crmId, '4');
  assert.equal(two.data.customer.crmId, '5');
});

test('an automatic persisted query', async () => {
  const sha256 = (text) => createHash('sha256').update(text).digest('hex');
  const apollo = client(ApolloLink.from([new PersistedQueryLink({ sha256 }), new HttpLink({ uri: url, headers })]));
  const query = gql`{ customer(id: "6") { id crmId name } }`;
  const first = await apollo.query({ query, fetchPolicy: 'network-only' });
  const again = await apollo.query({ query, fetchPolicy: 'network-only' });
  assert.equal(first.data.customer.crmId, '6');
  assert.equal(again.data.customer.name, first.data.customer.name);
});

// Apollo Client 4 takes @defer once told which format to speak (its incrementalHandler); both the 2022 draft and
// graphql-js 17's format are served, chosen by the Accept header each handler sends.
for (const Handler of [Defer20220824Handler, GraphQL17Alpha9Handler]) {
  test(`a deferred fragment with ${Handler.name}`, async () => {
    const apollo = new ApolloClient({ link: new HttpLink({ uri: url, headers }), cache: new InMemoryCache(), incrementalHandler: new Handler() });
    const results = await new Promise((resolve, reject) => {
      const seen = [];
      const subscription = apollo.watchQuery({
        query: gql`{ customers(ids: ["21", "22"]) { id name ... @defer { address { city location { weather { temperatureC } } } } } }`,
      }).subscribe({
        next: (result) => {
          seen.push(result);
          if (result.dataState === 'complete') { subscription.unsubscribe(); resolve(seen); }
        },
        error: reject,
      });
    });
    const streaming = results.find((r) => r.dataState === 'streaming');
    assert.ok(streaming, 'the names came first, without the deferred part');
    assert.equal(streaming.data.customers.length, 2);
    assert.equal(streaming.data.customers[0].address, undefined);
    const done = results.at(-1);
    assert.equal(done.error, undefined);
    assert.ok(done.data.customers.every((c) => typeof c.address.location.weather.temperatureC === 'number'));
  });
}
