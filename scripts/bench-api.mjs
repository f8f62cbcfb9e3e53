/* global fetch -- a Node global; plain JavaScript run by node */
// The app's HTTP API as the benchmark scripts drive it: one request, one account, one week.
import { randomBytes } from 'node:crypto';

/** One JSON request to the app at `base`; answers the status and the parsed body (null when empty). */
export async function call(base, method, path, token, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Registers a `role` account, `label` telling it from the run's others; answers its token and user id. */
export async function register(base, role, label = 'bench') {
  const r = await call(base, 'POST', '/api/v1/auth/register', null, { email: `${role}.${label}.${randomBytes(3).toString('hex')}@bench.example`, password: `Bench-${randomBytes(8).toString('hex')}!`, fullName: `${role} ${label}`, role });
  if (r.status !== 201) throw new Error(`register ${r.status} ${JSON.stringify(r.body)}`);
  return { token: r.body.accessToken, userId: r.body.user.id };
}

/** Weekly hours: `start` to `end` on every day of the week. */
export const allWeek = (start, end) => ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => ({ day, start, end }));
