import { describe, expect, it } from 'vitest';
import { loadConfig, MEMORY_DATA_DIR } from '../../src/config/config.js';
import { problemsOf } from '../helpers/config.js';

const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: MEMORY_DATA_DIR, ...env });
const rejection = (env: Record<string, string>) => problemsOf({ DATA_DIR: MEMORY_DATA_DIR, ...env });

describe('auth configuration', () => {
  it('defaults to the contract: 15 min access, 30 d refresh, cost 12, 5 failures / 15 min, 20 req/min, 30 min reset links', () => {
    const { auth, mail } = load({});
    expect(auth).toMatchObject({
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 30 * 86_400,
      bcryptCost: 12,
      lockout: { attempts: 5, windowSeconds: 900 },
      rateLimitPerMinute: 20,
      passwordResetTtlSeconds: 1800,
    });
    expect(mail).toEqual({ transport: 'development', smtp: null, from: 'iHosi <no-reply@ihosi.local>', publicAppUrl: 'http://localhost:3000' });
  });

  it('reads durations as seconds, s, m, h or d', () => {
    expect(load({ ACCESS_TOKEN_TTL: '90' }).auth.accessTokenTtlSeconds).toBe(90);
    expect(load({ ACCESS_TOKEN_TTL: '90s' }).auth.accessTokenTtlSeconds).toBe(90);
    expect(load({ ACCESS_TOKEN_TTL: '5m' }).auth.accessTokenTtlSeconds).toBe(300);
    expect(load({ REFRESH_TOKEN_TTL: '12h' }).auth.refreshTokenTtlSeconds).toBe(43_200);
    expect(load({ REFRESH_TOKEN_TTL: '7d' }).auth.refreshTokenTtlSeconds).toBe(604_800);
  });

  it('refuses bad values, naming the variable', () => {
    expect(rejection({ BCRYPT_COST: '9' })).toMatch(/BCRYPT_COST must be at least 10/);
    expect(rejection({ BCRYPT_COST: 'twelve' })).toMatch(/BCRYPT_COST/);
    expect(rejection({ ACCESS_TOKEN_TTL: '15 minutes' })).toMatch(/ACCESS_TOKEN_TTL must be a duration/);
    expect(rejection({ ACCESS_TOKEN_TTL: '0' })).toMatch(/ACCESS_TOKEN_TTL/);
    expect(rejection({ ACCESS_TOKEN_TTL: '2d' })).toMatch(/ACCESS_TOKEN_TTL must be at most 24h/);
    expect(rejection({ LOGIN_LOCKOUT_ATTEMPTS: '0' })).toMatch(/LOGIN_LOCKOUT_ATTEMPTS/);
    expect(rejection({ RATE_LIMIT_AUTH_PER_MINUTE: '-1' })).toMatch(/RATE_LIMIT_AUTH_PER_MINUTE/);
    expect(rejection({ PUBLIC_APP_URL: 'not a url' })).toMatch(/PUBLIC_APP_URL/);
  });

  it('configures SMTP only when SMTP_HOST is set', () => {
    const { mail } = load({ SMTP_HOST: 'mailhog', SMTP_PORT: '1025', SMTP_USER: 'u', SMTP_PASSWORD: 'p', PUBLIC_APP_URL: 'https://app.example/' });
    expect(mail).toEqual({ transport: 'smtp', smtp: { host: 'mailhog', port: 1025, user: 'u', password: 'p', requireTls: false }, from: 'iHosi <no-reply@ihosi.local>', publicAppUrl: 'https://app.example' });
  });
});
