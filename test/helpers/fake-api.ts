/**
 * A stand-in for the API that the client's unit tests talk to through its `fetch` option: each
 * route is a handler, every request is recorded (a copy, its body still readable), and the auth
 * routes behave like the real ones (a rotating refresh token; a spent one is 401
 * REFRESH_TOKEN_REUSED), so a test can count refreshes and see whether one was ever reused.
 */
export type Handler = (request: Request) => Response | Promise<Response>;

export interface FakeApi {
  fetch: (request: Request) => Promise<Response>;
  /** Copies of every request received, in order. */
  requests: Request[];
  /** The request lines received: `GET /api/v1/auth/me`. */
  lines(): string[];
  /** The session the fake server accepts now. */
  session: { accessToken: string; refreshToken: string; generation: number };
  /** Answers of the refresh route, by default the rotating one; replace to refuse it. */
  refresh: Handler;
  /** When set, refresh answers only after this promise settles (to hold a refresh in flight). */
  holdRefresh?: Promise<unknown>;
}

export const BASE_URL = 'https://api.test';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function problem(status: number, code: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  const body = { type: `urn:ihosi:problem:${code.toLowerCase()}`, title: code, status, detail: `detail of ${code}`, code, requestId: 'req-1', ...extra };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json', 'x-request-id': 'req-1', ...headers } });
}

/** A fake API whose routes are `routes` plus refresh; `GET /api/v1/auth/me` checks the access token. */
export function fakeApi(routes: Record<string, Handler> = {}): FakeApi {
  const spent = new Set<string>();
  const api: FakeApi = {
    requests: [],
    session: { accessToken: 'access-1', refreshToken: 'refresh-1', generation: 1 },
    lines: () => api.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`),
    refresh: async (request) => {
      const { refreshToken } = (await request.json()) as { refreshToken: string };
      if (spent.has(refreshToken)) return problem(401, 'REFRESH_TOKEN_REUSED');
      if (refreshToken !== api.session.refreshToken) return problem(401, 'UNAUTHENTICATED');
      spent.add(refreshToken);
      const generation = api.session.generation + 1;
      api.session = { accessToken: `access-${generation}`, refreshToken: `refresh-${generation}`, generation };
      return json(200, { user: { id: 'u1' }, accessToken: api.session.accessToken, refreshToken: api.session.refreshToken, tokenType: 'Bearer', expiresIn: 900 });
    },
    fetch: async (request) => {
      api.requests.push(request.clone());
      const line = `${request.method} ${new URL(request.url).pathname}`;
      if (line === 'POST /api/v1/auth/refresh') {
        await api.holdRefresh;
        return api.refresh(request);
      }
      const handler = routes[line] ?? (line === 'GET /api/v1/auth/me' ? me : undefined);
      return handler ? handler(request) : problem(404, 'NOT_FOUND');
    },
  };
  function me(request: Request): Response {
    const authorization = request.headers.get('authorization');
    if (!authorization) return problem(401, 'UNAUTHENTICATED');
    return authorization === `Bearer ${api.session.accessToken}` ? json(200, { id: 'u1' }) : problem(401, 'TOKEN_EXPIRED');
  }
  return api;
}
