import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeriodicTaskRunner } from '../../src/common/periodic/periodic-task.runner.js';
import { newOpaqueToken } from '../../src/modules/auth/opaque-tokens.js';
import { PasswordResetsRepository } from '../../src/modules/auth/password-resets.repository.js';
import { RefreshTokenDigests } from '../../src/modules/auth/refresh-token-digests.service.js';
import { SessionsRepository } from '../../src/modules/auth/sessions.repository.js';
import { refresh, registerUser } from '../helpers/auth.js';
import { queryRows } from '../helpers/db.js';
import { insertPasswordReset, insertSessionFamily, insertUser, remaining } from '../helpers/rows/index.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// REFRESH_TOKEN_TTL is the default 30 days: a session's rows go 30 days after it ended.
describe('auth purges', () => {
  let t: TestApp;
  let runner: PeriodicTaskRunner;
  beforeAll(async () => {
    t = await startTestApp({ env: { PURGE_BATCH_SIZE: '2' } });
    runner = t.app.get(PeriodicTaskRunner);
  });
  afterAll(() => t.close());

  describe('sessions', () => {
    it('deletes families (and their tokens) that ended more than a refresh-token lifetime ago, and nothing of a live or recently ended one', async () => {
      const { userId } = await insertUser(t);
      const kept = [
        // live, with tokens spent long ago: they are what reveals a replay
        await insertSessionFamily(t, { userId, expiredAgo: '-10 days', tokens: ['20 days', '19 days', null] }),
        await insertSessionFamily(t, { userId, expiredAgo: '29 days', tokens: ['40 days', '29 days'] }),
        await insertSessionFamily(t, { userId, expiredAgo: '-20 days', revokedAgo: '29 days', tokens: ['29 days'] }),
      ];
      const gone = [
        await insertSessionFamily(t, { userId, expiredAgo: '31 days', tokens: ['50 days', '40 days', null] }),
        await insertSessionFamily(t, { userId, expiredAgo: '-5 days', revokedAgo: '31 days', tokens: ['31 days'] }),
        await insertSessionFamily(t, { userId, expiredAgo: '40 days', revokedAgo: '45 days', tokens: [] }),
      ];
      expect(await runner.runOnce('auth.purge-sessions')).toEqual({ refreshTokens: 4, sessionFamilies: 3 });
      expect(await remaining(t, 'session_families', [...kept, ...gone].map((f) => f.id))).toEqual(kept.map((f) => f.id).sort());
      const keptTokens = kept.flatMap((f) => f.tokens);
      expect(await remaining(t, 'refresh_tokens', [...keptTokens, ...gone.flatMap((f) => f.tokens)])).toEqual(keptTokens.sort());
      expect(t.logs.at(-1)).toMatchObject({ task: 'auth.purge-sessions', deleted: { refreshTokens: 4, sessionFamilies: 3 }, msg: 'purged' });
    });

    it('deletes at most a batch of tokens and a batch of families per statement', async () => {
      const { userId } = await insertUser(t);
      const ended = [await insertSessionFamily(t, { userId, expiredAgo: '60 days', tokens: ['70 days', '65 days', null] }), await insertSessionFamily(t, { userId, expiredAgo: '60 days', tokens: [] })];
      const sessions = t.app.get(SessionsRepository);
      const ttl = t.config.auth.refreshTokenTtlSeconds;
      expect(await sessions.purgeEnded(ttl, 2)).toEqual({ refreshTokens: 2, sessionFamilies: 1 });
      expect(await remaining(t, 'refresh_tokens', ended[0]!.tokens)).toHaveLength(1);
      expect(await sessions.purgeEnded(ttl, 2)).toEqual({ refreshTokens: 1, sessionFamilies: 1 });
      expect(await remaining(t, 'session_families', ended.map((f) => f.id))).toEqual([]);
    });

    it('keeps reuse detection of a live session: a spent refresh token is still refused as reused after the purge', async () => {
      const session = await registerUser(t);
      const next = await refresh(t, session.refreshToken);
      expect(next.statusCode).toBe(200);
      await runner.runOnce('auth.purge-sessions');
      const replay = await refresh(t, session.refreshToken);
      expect(replay.statusCode).toBe(401);
      expect(replay.json()).toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });
    });

    it('refuses a token of a purged session like an unknown one', async () => {
      const { userId } = await insertUser(t);
      const token = newOpaqueToken();
      const family = await insertSessionFamily(t, { userId, expiredAgo: '31 days', tokens: [] });
      await queryRows(t, sql`insert into refresh_tokens (token_hash, family_id) values (${t.app.get(RefreshTokenDigests).digest(token)}, ${family.id})`);
      expect((await refresh(t, token)).json()).toMatchObject({ code: 'TOKEN_EXPIRED' });
      await runner.runOnce('auth.purge-sessions');
      const after = await refresh(t, token);
      expect(after.statusCode).toBe(401);
      expect(after.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    });
  });

  describe('password-reset tokens', () => {
    it('deletes used and expired ones, batch by batch, and keeps the live one', async () => {
      const { userId } = await insertUser(t);
      const live = await insertPasswordReset(t, userId, { expiresIn: '20 minutes' });
      const dead = [
        await insertPasswordReset(t, userId, { expiresIn: '20 minutes', usedAgo: '1 minute' }),
        await insertPasswordReset(t, userId, { expiresIn: '-1 minute' }),
        await insertPasswordReset(t, userId, { expiresIn: '-3 days', usedAgo: '3 days' }),
      ];
      expect(await t.app.get(PasswordResetsRepository).purgeDead(2)).toBe(2);
      expect(await remaining(t, 'password_reset_tokens', [live, ...dead])).toHaveLength(2);
      expect(await runner.runOnce('auth.purge-password-resets')).toEqual({ passwordResetTokens: 1 });
      expect(await remaining(t, 'password_reset_tokens', [live, ...dead])).toEqual([live]);
    });
  });
});
