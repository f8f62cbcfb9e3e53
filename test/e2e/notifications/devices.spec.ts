import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerUser } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const IOS_TOKEN = () => Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
const webToken = (n: string) => JSON.stringify({ endpoint: `https://push.example.com/send/${n}`, keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' } });

describe('devices', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const register = (token: string, body: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/v1/me/devices', headers: bearer(token), payload: body });
  const list = async (token: string) => {
    const response = await t.request({ method: 'GET', url: '/api/v1/me/devices', headers: bearer(token) });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: { id: string; platform: string; tokenEnding: string }[] }).items;
  };

  it('registers a device once per token and lists it without the whole token', async () => {
    const user = await registerUser(t);
    const token = IOS_TOKEN();
    const first = await register(user.accessToken, { platform: 'ios', token });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ platform: 'ios', tokenEnding: token.slice(-8) });
    const again = await register(user.accessToken, { platform: 'ios', token });
    expect(again.json().id).toBe(first.json().id);
    const web = await register(user.accessToken, { platform: 'web', token: webToken('a1') });
    expect(web.statusCode, web.body).toBe(201);
    const items = await list(user.accessToken);
    expect(items.map((d) => d.platform)).toEqual(['ios', 'web']);
    expect(JSON.stringify(items)).not.toContain(token);
  });

  it('refuses a token that is not its platform’s kind', async () => {
    const user = await registerUser(t);
    for (const body of [
      { platform: 'ios', token: 'not-hex' },
      { platform: 'web', token: JSON.stringify({ endpoint: 'http://insecure.example.com/x', keys: { p256dh: 'a', auth: 'b' } }) },
      // An endpoint on the private network or the metadata service is never a push service.
      { platform: 'web', token: JSON.stringify({ endpoint: 'https://169.254.169.254/latest/meta-data', keys: { p256dh: 'a', auth: 'b' } }) },
      { platform: 'web', token: JSON.stringify({ endpoint: 'https://[::1]:8443/push', keys: { p256dh: 'a', auth: 'b' } }) },
      // A host the legacy URL parser would read as loopback, and one no parser reads: 400, not 500.
      { platform: 'web', token: JSON.stringify({ endpoint: 'https://127.0.0.1;.example.com/push', keys: { p256dh: 'a', auth: 'b' } }) },
      { platform: 'web', token: JSON.stringify({ endpoint: 'https://a b/push', keys: { p256dh: 'a', auth: 'b' } }) },
      { platform: 'android', token: 'short' },
      { platform: 'blackberry', token: IOS_TOKEN() },
      { platform: 'ios', token: IOS_TOKEN(), extra: true },
    ]) {
      const response = await register(user.accessToken, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('moves a token registered by another user to that user', async () => {
    const [alice, bob] = [await registerUser(t), await registerUser(t)];
    const token = 'fcm:' + 'x'.repeat(150);
    await register(alice.accessToken, { platform: 'android', token });
    const moved = await register(bob.accessToken, { platform: 'android', token });
    expect(moved.statusCode).toBe(201);
    expect(await list(alice.accessToken)).toEqual([]);
    expect((await list(bob.accessToken)).map((d) => d.id)).toEqual([moved.json().id]);
  });

  it('deletes only the caller’s own device: another user’s is 404', async () => {
    const [alice, bob] = [await registerUser(t), await registerUser(t)];
    const device = (await register(alice.accessToken, { platform: 'ios', token: IOS_TOKEN() })).json() as { id: string };
    const foreign = await t.request({ method: 'DELETE', url: `/api/v1/me/devices/${device.id}`, headers: bearer(bob.accessToken) });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('NOT_FOUND');
    expect(await list(alice.accessToken)).toHaveLength(1);
    const own = await t.request({ method: 'DELETE', url: `/api/v1/me/devices/${device.id}`, headers: bearer(alice.accessToken) });
    expect(own.statusCode).toBe(204);
    expect(await list(alice.accessToken)).toEqual([]);
  });

  it('keeps devices when the user signs out of every session', async () => {
    const user = await registerUser(t);
    await register(user.accessToken, { platform: 'ios', token: IOS_TOKEN() });
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/logout-all', headers: bearer(user.accessToken) })).statusCode).toBe(204);
    const rows = await queryRows<{ n: number | string }>(t, sql`select count(*) as n from devices where user_id = ${user.user.id}`);
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it('removes every device with the account (the foreign key cascades)', async () => {
    const user = await registerUser(t);
    await register(user.accessToken, { platform: 'ios', token: IOS_TOKEN() });
    await register(user.accessToken, { platform: 'web', token: webToken(user.user.id) });
    await queryRows(t, sql`delete from users where id = ${user.user.id}`);
    const rows = await queryRows<{ n: number | string }>(t, sql`select count(*) as n from devices where user_id = ${user.user.id}`);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('keeps the 20 most recently registered devices of a user', async () => {
    const user = await registerUser(t);
    const first = (await register(user.accessToken, { platform: 'ios', token: IOS_TOKEN() })).json() as { id: string };
    // Plainly the oldest: registered in the same millisecond as the next, the two would tie.
    await queryRows(t, sql`update devices set last_registered_at = last_registered_at - interval '1 minute' where id = ${first.id}`);
    for (let i = 0; i < 20; i++) await register(user.accessToken, { platform: 'ios', token: IOS_TOKEN() });
    const items = await list(user.accessToken);
    expect(items).toHaveLength(20);
    expect(items.map((d) => d.id)).not.toContain(first.id);
  });

  it('is for signed-in users only', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v1/me/devices' })).statusCode).toBe(401);
  });
});
