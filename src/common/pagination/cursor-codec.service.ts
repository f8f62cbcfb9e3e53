import { Inject, Injectable } from '@nestjs/common';
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../core/tokens.js';
import { AppError } from '../errors/app-error.js';
import { isUuid } from '../validation/uuid.js';

/** Where a page ended: the sort key values of its last row, then that row's id. */
export interface CursorPosition {
  keys: (string | number)[];
  id: string;
}

const MAC_BYTES = 16;

/**
 * Opaque keyset cursors: base64url JSON of the position plus an HMAC-SHA256 tag. The tag
 * covers a "scope" (which list, which sort, which filters), so a cursor is valid only for
 * the query that produced it; a tampered, foreign or garbage cursor is 400. The key is
 * derived (HKDF) from the access-token secret, so every instance agrees without a new secret.
 */
@Injectable()
export class CursorCodec {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.jwt.accessSecret, 'ihosi', 'ihosi:list-cursor:v1', 32));
  }

  encode(scope: string, position: CursorPosition): string {
    const body = Buffer.from(JSON.stringify({ k: position.keys, i: position.id })).toString('base64url');
    return `${body}.${this.tag(scope, body)}`;
  }

  decode(scope: string, cursor: string): CursorPosition {
    const [body, tag, extra] = cursor.split('.');
    if (!body || !tag || extra !== undefined) throw invalidCursor();
    const expected = Buffer.from(this.tag(scope, body));
    const given = Buffer.from(tag);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalidCursor();
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw invalidCursor();
    }
    const { k, i } = (parsed ?? {}) as { k?: unknown; i?: unknown };
    if (!Array.isArray(k) || !k.every((v) => typeof v === 'string' || typeof v === 'number') || !isUuid(i)) {
      throw invalidCursor();
    }
    return { keys: k as (string | number)[], id: i };
  }

  private tag(scope: string, body: string): string {
    return createHmac('sha256', this.key).update(scope).update('\n').update(body).digest().subarray(0, MAC_BYTES).toString('base64url');
  }
}

/** A short, stable digest of a query's parameters, for cursor scopes and cache keys. */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);
}

export function invalidCursor(): AppError {
  return new AppError('VALIDATION_FAILED', {
    detail: 'The cursor is not valid for this query; start again without one.',
    errors: [{ field: 'cursor', message: 'is not a cursor returned by this query' }],
  });
}
