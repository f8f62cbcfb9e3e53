import type { FieldError } from '../errors/app-error.js';

const NUL = '\u0000';

/**
 * Every string in a request part that holds U+0000, as field errors. PostgreSQL's text types
 * cannot store or compare it (the driver's statement fails: a 500), and no name, e-mail, city or
 * reason has a use for it, so it is refused at the edge with the other malformed input.
 */
export function nulCharacterErrors(value: unknown, path: string[] = []): FieldError[] {
  if (typeof value === 'string') return value.includes(NUL) ? [{ field: path.join('.') || '(root)', message: 'must not contain the NUL character (U+0000)' }] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => nulCharacterErrors(item, [...path, String(index)]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(key.includes(NUL) ? [{ field: [...path, key].join('.'), message: 'must not contain the NUL character (U+0000)' }] : []),
      ...nulCharacterErrors(item, [...path, key]),
    ]);
  }
  return [];
}
