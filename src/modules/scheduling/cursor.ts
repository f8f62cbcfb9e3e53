import { AppError } from '../../common/errors/app-error.js';

/** Opaque keyset cursor over (start, id): base64url of `<ISO start>|<uuid>`. */
export function encodeCursor(last: { startAt: Date; id: string }): string {
  return Buffer.from(`${last.startAt.toISOString()}|${last.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { startAt: Date; id: string } {
  const [iso, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const startAt = new Date(iso ?? '');
  if (extra !== undefined || !id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(startAt.getTime())) {
    throw new AppError('VALIDATION_FAILED', { detail: 'Some fields are missing or invalid.', errors: [{ field: 'cursor', message: 'is not a cursor this API issued' }] });
  }
  return { startAt, id };
}
