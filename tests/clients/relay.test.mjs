// Relay (relay-runtime 21) with its defaults: its store keys records by `id`, and a @refetchable fragment refetches
// through `node(id:)`. The artifacts below are what relay-compiler writes for these operations (no compiler is run
// here); the network layer is the usual fetch of `params.text` and the variables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import relay from 'relay-runtime';
import { url, headers } from './gateway.mjs';

const { Environment, Network, RecordSource, Store, fetchQuery } = relay;

const scalar = (name) => ({ alias: null, args: null, kind: 'ScalarField', name, storageKey: null });
// concreteType is the field's object type, null for an abstract one (whose selections then carry __typename).
const linked = (name, concreteType, args, selections, plural = false) => ({
  alias: null,
  args: Object.entries(args).map(([argument, variable]) => ({ kind: 'Variable', name: argument, variableName: variable })),
  concreteType, kind: 'LinkedField', name, plural, selections, storageKey: null,
});
const onType = (type, selections) => ({ kind: 'InlineFragment', selections, type, abstractKey: null });
function request(name, text, variables, selections) {
  const argumentDefinitions = variables.map((variable) => ({ defaultValue: null, kind: 'LocalArgument', name: variable }));
  return {
    fragment: { argumentDefinitions, kind: 'Fragment', metadata: null, name, selections, type: 'Query', abstractKey: null },
    kind: 'Request',
    operation: { argumentDefinitions, kind: 'Operation', name, selections },
    params: { cacheID: name, id: null, metadata: {}, name, operationKind: 'query', text },
  };
}

const CustomerQuery = request('CustomerQuery',
  'query CustomerQuery($id: ID!) { customer(id: $id) { id name payments(first: 1) { nodes { id } } } }', ['id'],
  [linked('customer', 'Customer', { id: 'id' }, [scalar('id'), scalar('name'),
    linked('payments', 'PaymentConnection', {}, [linked('nodes', 'Payment', {}, [scalar('id')], true)])])]);
// The query relay-compiler generates for `fragment CustomerCard on Customer @refetchable(queryName: ...)`.
const CustomerCardRefetchQuery = request('CustomerCardRefetchQuery',
  'query CustomerCardRefetchQuery($id: ID!) { node(id: $id) { __typename id ... on Customer { name crmId } } }', ['id'],
  [linked('node', null, { id: 'id' }, [scalar('__typename'), scalar('id'), onType('Customer', [scalar('name'), scalar('crmId')])])]);
const NodesQuery = request('NodesQuery',
  'query NodesQuery($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Customer { name } ... on Payment { status } } }', ['ids'],
  [linked('nodes', null, { ids: 'ids' }, [scalar('__typename'), scalar('id'), onType('Customer', [scalar('name')]), onType('Payment', [scalar('status')])], true)]);

function environment() {
  const network = Network.create(async (params, variables) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query: params.text, variables }),
    });
    return response.json();
  });
  return new Environment({ network, store: new Store(new RecordSource()) });
}

test('a refetchable fragment refetches a customer through node(id:) and the store keeps it under its global id', async () => {
  const env = environment();
  const { customer } = await fetchQuery(env, CustomerQuery, { id: '1' }).toPromise();
  assert.notEqual(customer.id, '1', 'the id is the global one');

  const { node } = await fetchQuery(env, CustomerCardRefetchQuery, { id: customer.id }).toPromise();
  assert.equal(node.id, customer.id);
  assert.equal(node.crmId, '1');
  assert.equal(node.name, customer.name);
  const record = env.getStore().getSource().get(customer.id);
  assert.equal(record.__typename, 'Customer');
  assert.equal(record.crmId, '1');
});

test('nodes of two types come back in order, each normalised under its own id', async () => {
  const env = environment();
  const { customer } = await fetchQuery(env, CustomerQuery, { id: '2' }).toPromise();
  const paymentId = customer.payments.nodes[0].id;

  const { nodes } = await fetchQuery(env, NodesQuery, { ids: [paymentId, customer.id] }).toPromise();
  assert.deepEqual(nodes.map((n) => n.__typename), ['Payment', 'Customer']);
  assert.equal(nodes[1].name, customer.name);
  assert.ok(nodes[0].status);
  assert.equal(env.getStore().getSource().get(paymentId).__typename, 'Payment');
  assert.equal(env.getStore().getSource().get(customer.id).__typename, 'Customer');
});
