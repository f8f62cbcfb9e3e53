import type { Middleware } from 'openapi-fetch';
import { problemCodeOf } from './errors.js';
import type { Refresher } from './refresher.js';
import type { TokenPair, TokenStore } from './tokens.js';

/**
 * Answers that start a session: their 2xx body is a `Session`, whose tokens are stored (a
 * sign-in that answers `{mfaRequired, challenge}` stores nothing until /auth/mfa/verify does).
 */
const SESSION_STARTS = new Set(['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/auth/mfa/verify']);
/** Answers that end the stored session. */
const SESSION_ENDS = new Set(['/api/v1/auth/logout', '/api/v1/auth/logout-all']);

interface Sent {
  /** An unread copy of the request as sent, for the one retry after a refresh. */
  replay: Request;
  /** The access token the request carried; null when it carried none of ours. */
  accessToken: string | null;
}

/**
 * Attaches the stored access token, and on 401 TOKEN_EXPIRED renews it once (through the
 * shared Refresher) and sends the request once more. Keeps the token store in step with the
 * session: stored on register and login, cleared on logout.
 */
export function sessionMiddleware(tokens: TokenStore, refresher: Refresher): Middleware {
  const sent = new WeakMap<Request, Sent>();
  return {
    async onRequest({ request }) {
      // A request sent while a refresh is in flight would carry the expiring token: wait.
      await refresher.settled();
      let accessToken: string | null = null;
      if (!request.headers.has('authorization')) {
        accessToken = (await tokens.get())?.accessToken ?? null;
        if (accessToken) request.headers.set('authorization', `Bearer ${accessToken}`);
      }
      sent.set(request, { replay: request.clone(), accessToken });
      return request;
    },

    async onResponse({ request, response, schemaPath, options }) {
      if (response.ok) {
        await followSession(tokens, schemaPath, response);
        return undefined;
      }
      const record = sent.get(request);
      if (response.status !== 401 || !record?.accessToken) return undefined;
      if ((await problemCodeOf(response)) !== 'TOKEN_EXPIRED') return undefined;
      const renewed = await refresher.renew(record.accessToken);
      if (!renewed) return undefined;
      const retry = new Request(record.replay);
      retry.headers.set('authorization', `Bearer ${renewed}`);
      // The retry's answer is final, whatever it is: one refresh per expiry, never a loop.
      const answer = await options.fetch(retry);
      if (answer.ok) await followSession(tokens, schemaPath, answer);
      return answer;
    },
  };
}

async function followSession(tokens: TokenStore, schemaPath: string, response: Response): Promise<void> {
  if (SESSION_ENDS.has(schemaPath)) {
    await tokens.clear();
  } else if (SESSION_STARTS.has(schemaPath)) {
    const session = (await response.clone().json()) as Partial<TokenPair>;
    if (typeof session.accessToken === 'string' && typeof session.refreshToken === 'string') await tokens.set({ accessToken: session.accessToken, refreshToken: session.refreshToken });
  }
}
