import { randomUUID } from 'node:crypto';
import type { ClientContext } from '../../src/common/http/client-context.js';
import { AppError } from '../../src/common/errors/app-error.js';
import type { ErrorCode } from '../../src/common/errors/catalog.js';

/** Where a service call "came from", as a controller would pass it: an address and a fresh request id. */
export function clientContext(): ClientContext {
  return { ip: '127.0.0.1', requestId: randomUUID(), clientRequestId: null };
}

/** The catalog code a service call was refused with; fails when it succeeds or throws anything but an AppError. */
export async function codeOf(call: Promise<unknown>): Promise<ErrorCode> {
  try {
    await call;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error('expected the call to be refused with an AppError, but it succeeded');
}
