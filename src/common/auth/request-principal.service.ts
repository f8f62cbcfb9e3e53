import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AccessTokens, invalidToken } from './access-tokens.service.js';
import type { Principal } from './principal.js';
import { TokenValidity } from './token-validity.service.js';

/** What came of a request's bearer token; settled, so a stored failure is never an unhandled rejection. */
type Outcome = { principal: Principal | null } | { error: unknown };

interface Memo {
  verified?: Promise<Outcome>;
  authenticated?: Promise<Outcome>;
}

/**
 * Who is calling, worked out once per request and reused by everyone who asks: the global
 * rate limiter (an onRequest hook, before Nest routes the request), the access guard, and the
 * handlers through the `request.principal` the guard sets. The token's signature is checked
 * once and its session once, however many of them ask.
 */
@Injectable()
export class PrincipalResolver {
  private readonly memos = new WeakMap<object, Memo>();

  constructor(
    private readonly tokens: AccessTokens,
    private readonly validity: TokenValidity,
  ) {}

  /**
   * The principal of the request's bearer token as the token itself proves it (signature,
   * expiry, claims; no lookup), null without a token; rejects with 401 for a bad token.
   */
  verified(request: FastifyRequest): Promise<Principal | null> {
    const memo = this.memo(request);
    memo.verified ??= settle(async () => {
      const token = bearerToken(request.headers.authorization);
      return token === null ? null : this.tokens.verify(token);
    });
    return unwrap(memo.verified);
  }

  /** As `verified`, and its session still valid: not ended, and issued after any logout-all. */
  authenticated(request: FastifyRequest): Promise<Principal | null> {
    const memo = this.memo(request);
    memo.authenticated ??= settle(async () => {
      const principal = await this.verified(request);
      if (principal && !(await this.validity.accepts(principal.userId, principal.sessionId, principal.issuedAtMs))) {
        throw invalidToken('The session has ended; sign in again.');
      }
      return principal;
    });
    return unwrap(memo.authenticated);
  }

  private memo(request: FastifyRequest): Memo {
    // The raw request: the one object Fastify's hooks and Nest's guards see alike.
    let memo = this.memos.get(request.raw);
    if (!memo) this.memos.set(request.raw, (memo = {}));
    return memo;
  }
}

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 token68), else null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)[ ]*$/i.exec(header);
  return match?.[1] ?? null;
}

function settle(run: () => Promise<Principal | null>): Promise<Outcome> {
  return run().then(
    (principal) => ({ principal }),
    (error: unknown) => ({ error }),
  );
}

async function unwrap(outcome: Promise<Outcome>): Promise<Principal | null> {
  const settled = await outcome;
  if ('error' in settled) throw settled.error;
  return settled.principal;
}
