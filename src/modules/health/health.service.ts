import { Inject, Injectable } from '@nestjs/common';
import { CACHE, type CachePort } from '../../common/cache/cache.port.js';
import { LoadState } from '../../common/http/load-state.js';
import { ShutdownState } from '../../common/http/shutdown-state.js';
import type { DependencyChecks } from '../../common/errors/problem.schema.js';
import { DATABASE, type Database } from '../../db/database.js';

export type CheckStatus = DependencyChecks['database'];
export interface Readiness {
  ready: boolean;
  shuttingDown: boolean;
  /** Past a load-shedding limit: other requests are being refused, so balancers should look elsewhere. */
  overloaded: boolean;
  checks: DependencyChecks;
}

const CHECK_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CACHE) private readonly cache: CachePort,
    private readonly shutdown: ShutdownState,
    private readonly load: LoadState,
  ) {}

  async readiness(): Promise<Readiness> {
    const [database, cache] = await Promise.all([probe(() => this.database.ping()), probe(() => this.cache.ping())]);
    const shuttingDown = this.shutdown.draining;
    const overloaded = this.load.overloaded;
    return { ready: database === 'up' && cache === 'up' && !shuttingDown && !overloaded, shuttingDown, overloaded, checks: { database, cache } };
  }
}

/** Why the instance is not ready: shutting down says it all; else overload and the dependencies that are down. */
export function notReadyDetail({ shuttingDown, overloaded, checks }: Omit<Readiness, 'ready'>): string {
  if (shuttingDown) return 'Not ready: shutting down.';
  const failed = Object.entries(checks).filter(([, status]) => status === 'down').map(([name]) => name);
  const reasons = [...(overloaded ? ['overloaded'] : []), ...(failed.length > 0 ? [`${failed.join(', ')} unavailable`] : [])];
  return `Not ready: ${reasons.join('; ')}.`;
}

/** A dependency that does not answer within the timeout counts as down. */
async function probe(check: () => Promise<void>): Promise<CheckStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
