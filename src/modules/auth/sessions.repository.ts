import { Inject, Injectable } from '@nestjs/common';
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Role } from '../../common/auth/policy.js';
import { DATABASE, type Database, type Db } from '../../db/database.js';
import { refreshTokens, sessionFamilies, users } from '../../db/schema/index.js';

export type RotationResult =
  | { kind: 'rotated'; userId: string; role: Role; familyId: string; mfa: boolean }
  | { kind: 'reused'; userId: string; familyId: string }
  | { kind: 'ended'; reason: 'revoked' | 'expired' }
  | { kind: 'unknown' };

export interface EndSessions {
  userId: string;
  reason: string;
  /** Access tokens issued before this instant stop working. */
  validAfter: Date;
  /** Keep this family (the caller's own session on a password change). */
  exceptFamilyId?: string;
  /** Set a new password hash in the same transaction. */
  newPasswordHash?: string;
  /** Last step of the same transaction (the audit row), so it commits with the change or not at all. */
  alsoInTransaction?: (tx: Db) => Promise<void>;
}

@Injectable()
export class SessionsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Starts a session family with its first refresh token; returns the family id. `mfa`: opened with a second factor. */
  start(userId: string, tokenHash: string, expiresAt: Date, mfa = false): Promise<string> {
    return this.database.db.transaction(async (tx) => {
      const [family] = await tx.insert(sessionFamilies).values({ userId, expiresAt, mfa }).returning({ id: sessionFamilies.id });
      await tx.insert(refreshTokens).values({ tokenHash, familyId: family!.id });
      return family!.id;
    });
  }

  /**
   * Spends the token stored under one of `presented` (the digests it may be stored under, see
   * RefreshTokenDigests) and issues `newHash` in its family. The conditional UPDATE is the lock:
   * of several concurrent rotations of one token exactly one sees `used_at IS NULL`; the
   * others find it spent, which is reuse, and end the family (so the winner's token dies too).
   * `idleSecondsFor(role)`: how long a token may go unrefreshed for that role (null: no limit);
   * a token older than that has expired, as has a family past its `expires_at`.
   */
  rotate(presented: string[], newHash: string, idleSecondsFor: (role: Role) => number | null = () => null): Promise<RotationResult> {
    return this.database.db.transaction(async (tx): Promise<RotationResult> => {
      const [spent] = await tx
        .update(refreshTokens)
        .set({ usedAt: sql`now()` })
        .where(and(inArray(refreshTokens.tokenHash, presented), isNull(refreshTokens.usedAt)))
        .returning({ familyId: refreshTokens.familyId, ageSeconds: sql<number>`extract(epoch from now() - ${refreshTokens.createdAt})::float8` });

      if (!spent) {
        const [known] = await tx.select({ familyId: refreshTokens.familyId }).from(refreshTokens).where(inArray(refreshTokens.tokenHash, presented)).limit(1);
        if (!known) return { kind: 'unknown' };
        await tx
          .update(sessionFamilies)
          .set({ revokedAt: sql`now()`, revokedReason: 'refresh_token_reused' })
          .where(and(eq(sessionFamilies.id, known.familyId), isNull(sessionFamilies.revokedAt)));
        const [family] = await tx.select({ userId: sessionFamilies.userId }).from(sessionFamilies).where(eq(sessionFamilies.id, known.familyId));
        return { kind: 'reused', userId: family!.userId, familyId: known.familyId };
      }

      const [family] = await tx
        .select({
          userId: sessionFamilies.userId,
          role: users.role,
          mfa: sessionFamilies.mfa,
          revoked: sql<boolean>`${sessionFamilies.revokedAt} is not null`,
          expired: sql<boolean>`${sessionFamilies.expiresAt} <= now()`,
        })
        .from(sessionFamilies)
        .innerJoin(users, eq(users.id, sessionFamilies.userId))
        .where(eq(sessionFamilies.id, spent.familyId));
      if (!family || family.revoked) return { kind: 'ended', reason: 'revoked' };
      if (family.expired) return { kind: 'ended', reason: 'expired' };
      const idleLimit = idleSecondsFor(family.role);
      if (idleLimit !== null && Number(spent.ageSeconds) > idleLimit) {
        await tx.update(sessionFamilies).set({ revokedAt: sql`now()`, revokedReason: 'idle_timeout' }).where(eq(sessionFamilies.id, spent.familyId));
        return { kind: 'ended', reason: 'expired' };
      }

      await tx.insert(refreshTokens).values({ tokenHash: newHash, familyId: spent.familyId });
      return { kind: 'rotated', userId: family.userId, role: family.role, familyId: spent.familyId, mfa: family.mfa };
    });
  }

  /** Ends the family a refresh token (stored under one of `presented`) belongs to (logout); null when the token is unknown. */
  async endByToken(presented: string[], reason: string): Promise<{ familyId: string; userId: string } | null> {
    const [row] = await this.database.db
      .update(sessionFamilies)
      .set({ revokedAt: sql`coalesce(${sessionFamilies.revokedAt}, now())`, revokedReason: sql`coalesce(${sessionFamilies.revokedReason}, ${reason})` })
      .where(inArray(sessionFamilies.id, this.database.db.select({ familyId: refreshTokens.familyId }).from(refreshTokens).where(inArray(refreshTokens.tokenHash, presented))))
      .returning({ familyId: sessionFamilies.id, userId: sessionFamilies.userId });
    return row ?? null;
  }

  /** Ends every session of a user (but `exceptFamilyId`) and moves the "valid after" instant. */
  endAll(input: EndSessions): Promise<number> {
    return this.database.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({
          tokensValidAfter: input.validAfter,
          updatedAt: sql`now()`,
          ...(input.newPasswordHash ? { passwordHash: input.newPasswordHash } : {}),
        })
        .where(eq(users.id, input.userId));
      const ended = await tx
        .update(sessionFamilies)
        .set({ revokedAt: sql`now()`, revokedReason: input.reason })
        .where(
          and(
            eq(sessionFamilies.userId, input.userId),
            isNull(sessionFamilies.revokedAt),
            input.exceptFamilyId ? ne(sessionFamilies.id, input.exceptFamilyId) : undefined,
          ),
        )
        .returning({ id: sessionFamilies.id });
      await input.alsoInTransaction?.(tx);
      return ended.length;
    });
  }

  /**
   * Deletes sessions that ended (revoked, or past `expires_at`) more than `graceSeconds` ago:
   * up to `limit` of their refresh tokens, then up to `limit` of those families left without
   * tokens. Live families are never touched, spent tokens included: presenting a spent token
   * of a live family is how reuse is detected (and the family ended). A token of an ended
   * family refreshes nothing either way; kept for the grace period, a replay of it still
   * answers REFRESH_TOKEN_REUSED with an `auth.refresh_reuse` audit row, and once purged it is
   * unknown, which is 401 too. SKIP LOCKED: a row a rotation or another purge holds is left.
   */
  async purgeEnded(graceSeconds: number, limit: number): Promise<{ refreshTokens: number; sessionFamilies: number }> {
    const endedBefore = sql`now() - make_interval(secs => ${graceSeconds})`;
    const tokens = await this.database.db
      .delete(refreshTokens)
      .where(
        sql`${refreshTokens.tokenHash} in (
          select t.token_hash from ${refreshTokens} t join ${sessionFamilies} f on f.id = t.family_id
          where least(f.revoked_at, f.expires_at) < ${endedBefore}
          limit ${limit} for update of t skip locked)`,
      )
      .returning({ tokenHash: refreshTokens.tokenHash });
    const families = await this.database.db
      .delete(sessionFamilies)
      .where(
        sql`${sessionFamilies.id} in (
          select f.id from ${sessionFamilies} f
          where least(f.revoked_at, f.expires_at) < ${endedBefore}
            and not exists (select 1 from ${refreshTokens} t where t.family_id = f.id)
          limit ${limit} for update skip locked)`,
      )
      .returning({ id: sessionFamilies.id });
    return { refreshTokens: tokens.length, sessionFamilies: families.length };
  }
}
