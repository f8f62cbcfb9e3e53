/**
 * The fields of a partial update (PATCH) the caller sent, picked from `keys`: `undefined` means
 * "leave it as it is" and is left out, `null` is a value (it clears the field) and is kept.
 */
export function sentFields<T extends object, K extends keyof T>(input: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const sent: Partial<Pick<T, K>> = {};
  for (const key of keys) {
    if (input[key] !== undefined) sent[key] = input[key];
  }
  return sent;
}
