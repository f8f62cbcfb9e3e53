/* global process, console -- Node globals; plain JavaScript run by node */
// The scratch PostgreSQL database the benchmark scripts share: each run gets a database of its
// own (ihosi_bench_…), so runs never read each other's rows and a shared server stays clean.
// The app migrates the database when it starts, so a fresh one is all a bench needs.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432';

/** `url` with its database replaced by `name`. */
export function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** One statement on the server's `postgres` database: CREATE and DROP DATABASE cannot run inside the database itself. */
async function onServer(serverUrl, statement) {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Creates `ihosi_bench_<label><random>` on the server of `serverUrl` (a URL of the server or of
 * any database on it) and answers its `name` and `url`, and `drop()`, which the caller awaits in
 * its `finally` (BENCH_KEEP_DB=1 keeps the database to look at afterwards).
 * `existingUrl`, when given, is a database to use as it is: nothing is created or dropped.
 */
export async function scratchDatabase({ serverUrl = DEFAULT_SERVER_URL, label = '', existingUrl } = {}) {
  if (existingUrl) return { name: new URL(existingUrl).pathname.slice(1), url: existingUrl, drop: async () => undefined };
  const name = `ihosi_bench_${label}${randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    if (process.env.BENCH_KEEP_DB) return console.error(`kept the scratch database ${name} (BENCH_KEEP_DB)`);
    await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  return { name, url: withDatabase(serverUrl, name), drop };
}
