// The HTTP load step the benchmark scripts share: autocannon over a list of GET paths.
import autocannon from 'autocannon';

/** The p-th percentile of an ascending array. */
export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Runs autocannon against `url` for `seconds` with `connections`, requesting the paths in
 * turn; percentiles come from every response's own latency. A non-200 answer or a socket
 * error counts as one error. `headers` go with every request (e.g. a bearer token).
 */
export async function loadGet(url, paths, seconds, connections, headers = {}) {
  let next = 0;
  const latencies = [];
  let errors = 0;
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    headers,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
  });
  instance.on('response', (_client, status, _bytes, time) => {
    latencies.push(time);
    if (status !== 200) errors++;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return { rps: result.requests.average, total: latencies.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), errors: errors + result.errors };
}
