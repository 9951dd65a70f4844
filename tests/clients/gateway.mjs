// Where the gateway under test is (scripts/run-client-tests.sh starts it) and what the clients send it.
export const url = process.env.GATEWAY_URL ?? 'http://127.0.0.1:5000/graphql';
export const token = process.env.GATEWAY_TOKEN ?? 'dev-token';
export const headers = { authorization: `Bearer ${token}` };
export const webSocketUrl = url.replace(/^http/, 'ws');

// A subscription that needs no trigger: the script runs the demo's weather changing every second and polls it every
// half second, so each place's subscription soon gets its first change.
let place = 0;
export function weatherSubscription() {
  place += 1;
  return `subscription { weatherChanged(lat: ${10 + place}.25, lng: ${20 + place}.5) { temperatureC condition } }`;
}

// An unhandled rejection anywhere fails the file: urql once left them behind when it aborted a stream it did not want.
process.on('unhandledRejection', (reason) => {
  console.error('unhandled rejection', reason);
  process.exitCode = 1;
});
