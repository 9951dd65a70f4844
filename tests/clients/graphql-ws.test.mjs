// graphql-ws 6 (graphql-transport-ws) with its defaults, the token in connection_init.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { webSocketUrl, token, weatherSubscription } from './gateway.mjs';

test('a subscription and a query over one socket', async () => {
  const client = createClient({ url: webSocketUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` } });
  try {
    const subscription = client.iterate({ query: weatherSubscription() });
    const { value } = await subscription.next();
    await subscription.return();
    const query = client.iterate({ query: '{ customer(id: "8") { id crmId } }' });
    const { value: answer } = await query.next();
    assert.equal(typeof value.data.weatherChanged.temperatureC, 'number');
    assert.equal(answer.data.customer.crmId, '8');
  } finally {
    await client.dispose();
  }
});
