import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './process.js';

const run = promisify(execFile);

/**
 * A primary and its streaming replica, made for one test in a temporary directory with the
 * PostgreSQL binaries of this machine. Not a replica of the lane's own server: that one allows
 * no replication connections (its pg_hba.conf has no `replication` line), and a test must not
 * rewrite a server's configuration. This pair is what `pg_basebackup -R -X stream` makes of any
 * primary, started on spare ports and removed afterwards.
 */
export interface StreamingPair {
  primaryUrl: string;
  replicaUrl: string;
  /** Runs one statement on the primary or on the replica, on a connection of its own. */
  query<T>(server: 'primary' | 'replica', text: string, values?: unknown[]): Promise<T[]>;
  /** Resolves once the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  stopReplica(): Promise<void>;
  destroy(): Promise<void>;
}

/** The newest installed major's binaries (Debian layout), else wherever `initdb` is on the PATH. */
function binaries(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join(root, newest, 'bin') : '';
}

export async function startStreamingPair(): Promise<StreamingPair> {
  const bin = binaries();
  // PostgreSQL refuses to run as root: as root, run its binaries as the postgres OS user.
  const asRoot = userInfo().uid === 0;
  const pgbin = (name: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, name), ...args]) : run(bin ? join(bin, name) : name, args);

  const dir = mkdtempSync(join(tmpdir(), 'ihosi-replica-'));
  if (asRoot) chownSync(dir, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), Number((await run('id', ['-g', 'postgres'])).stdout.trim()));
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const primaryDir = join(dir, 'primary');
  const replicaDir = join(dir, 'replica');
  // fsync off: a throwaway cluster; `-k dir` keeps its sockets out of the system's socket directory.
  const serverOptions = (port: number) => `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const start = (dataDir: string, port: number, log: string) => pgbin('pg_ctl', ['-D', dataDir, '-o', serverOptions(port), '-l', join(dir, log), '-w', 'start']);
  const stop = (dataDir: string) => pgbin('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);

  const destroy = async () => {
    await stop(replicaDir);
    await stop(primaryDir);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // initdb's trust setup admits local replication connections (pg_hba `replication` lines).
    await pgbin('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await start(primaryDir, primaryPort, 'primary.log');
    await pgbin('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream']);
    await start(replicaDir, replicaPort, 'replica.log');
  } catch (error) {
    await destroy();
    throw error;
  }

  const urls = { primary: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`, replica: `postgres://postgres@127.0.0.1:${replicaPort}/postgres` };
  const query = async <T>(server: 'primary' | 'replica', text: string, values: unknown[] = []): Promise<T[]> => {
    const client = new pg.Client({ connectionString: urls[server] });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  };
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (const started = Date.now(); Date.now() - started < 15_000; await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (await check()) return;
    }
    throw new Error(`the replica did not ${what} within 15 s`);
  };

  return {
    primaryUrl: urls.primary,
    replicaUrl: urls.replica,
    query,
    async caughtUp() {
      const [written] = await query<{ lsn: string }>('primary', 'select pg_current_wal_lsn()::text as lsn');
      await until('catch up', async () => (await query<{ done: boolean }>('replica', 'select pg_last_wal_replay_lsn() >= $1::pg_lsn as done', [written!.lsn]))[0]!.done);
    },
    async pauseReplay() {
      await query('replica', 'select pg_wal_replay_pause()');
      await until('pause', async () => (await query<{ state: string }>('replica', 'select pg_get_wal_replay_pause_state() as state'))[0]!.state === 'paused');
    },
    async resumeReplay() {
      await query('replica', 'select pg_wal_replay_resume()');
    },
    async stopReplica() {
      await pgbin('pg_ctl', ['-D', replicaDir, '-m', 'fast', '-w', 'stop']);
    },
    destroy,
  };
}
