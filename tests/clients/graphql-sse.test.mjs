// graphql-sse 2 with its defaults (distinct connections mode).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'graphql-sse';
import { url, headers, weatherSubscription } from './gateway.mjs';

test('a subscription', async () => {
  const client = createClient({ url, headers });
  try {
    const subscription = client.iterate({ query: weatherSubscription() });
    const { value } = await subscription.next();
    await subscription.return();
    assert.equal(typeof value.data.weatherChanged.temperatureC, 'number');
  } finally {
    client.dispose();
  }
});

test('a document that fails validation is reported as its GraphQL errors, not retried as a network error', async () => {
  const client = createClient({ url, headers, retryAttempts: 0 });
  try {
    const results = [];
    for await (const result of client.iterate({ query: 'subscription { nothingHere }' })) {
      results.push(result);
    }
    assert.equal(results.length, 1);
    assert.match(results[0].errors[0].message, /nothingHere/);
  } finally {
    client.dispose();
  }
});

test('single connection mode: one stream carries a subscription and a query', async () => {
  const client = createClient({ url, headers, singleConnection: true });
  try {
    const subscription = client.iterate({ query: weatherSubscription() });
    const query = client.iterate({ query: '{ customer(id: "14") { id crmId } }' });
    const [{ value: weather }, { value: answer }] = await Promise.all([subscription.next(), query.next()]);
    await subscription.return();
    assert.equal(typeof weather.data.weatherChanged.temperatureC, 'number');
    assert.equal(answer.data.customer.crmId, '14');
  } finally {
    client.dispose();
  }
});
