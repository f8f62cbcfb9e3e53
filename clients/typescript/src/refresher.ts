import { IhosiApiError } from './errors.js';
import type { TokenPair, TokenStore } from './tokens.js';

/** Spends a refresh token: POST /api/v1/auth/refresh, answering the raw response and its body. */
export type RefreshCall = (refreshToken: string) => Promise<{ response: Response; session: TokenPair | undefined; body: unknown }>;

/**
 * Renews the access token, at most one refresh at a time. Refresh tokens rotate and a spent one
 * presented again ends the whole session (401 REFRESH_TOKEN_REUSED), so requests that find
 * their token expired together must share one refresh, and a request that finds it expired
 * after another has already refreshed must not refresh again.
 */
export class Refresher {
  private inFlight: Promise<string | null> | null = null;

  constructor(
    private readonly tokens: TokenStore,
    private readonly call: RefreshCall,
  ) {}

  /** Resolves once no refresh is in flight (whatever its outcome), so a new request is sent with the newest token. */
  async settled(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
  }

  /**
   * An access token to replace `expired`: the stored one if another request already renewed
   * it, else the result of one shared refresh. Null when there is no session to renew (signed
   * out meanwhile). Rejects with the refresh's IhosiApiError when the server refuses it.
   */
  renew(expired: string): Promise<string | null> {
    // Assigned before the first await, so a second caller in the same tick joins this refresh.
    this.inFlight ??= this.renewOnce(expired).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async renewOnce(expired: string): Promise<string | null> {
    const current = await this.tokens.get();
    if (!current) return null;
    if (current.accessToken !== expired) return current.accessToken;
    const { response, session, body } = await this.call(current.refreshToken);
    if (response.ok && session) {
      await this.tokens.set({ accessToken: session.accessToken, refreshToken: session.refreshToken });
      return session.accessToken;
    }
    const error = new IhosiApiError(response, body);
    // A refused refresh token (unknown, reused, past its session's lifetime) will never work
    // again: sign-in is the way back. A 429 or 5xx says nothing about the token; keep it.
    if (response.status >= 400 && response.status < 500 && response.status !== 429) await this.tokens.clear();
    throw error;
  }
}
