/**
 * Redis Cluster spreads keys over 16,384 hash slots and refuses a command whose keys fall in
 * different slots (CROSSSLOT); MULTI/EXEC, Lua scripts and atomic pipelines are bound the same
 * way. When a key holds a hash tag (the text inside its first `{…}`, if not empty) only the tag
 * is hashed, so keys that carry one tag share a slot.
 *
 * The rule here: keys that one operation touches together carry the same tag. Both cache
 * implementations check it for every multi-key operation, so the embedded lane and a
 * single Redis refuse what a cluster would.
 */

/** `{value}`, the tag to put in every key that is used together with the others of `value`. */
export function hashTag(value: string): string {
  if (value === '' || /[{}]/.test(value)) throw new Error(`a hash tag needs a value without braces, got ${JSON.stringify(value)}`);
  return `{${value}}`;
}

/** The tag Redis Cluster hashes instead of the whole key, or null when `key` has none. */
export function tagOf(key: string): string | null {
  const open = key.indexOf('{');
  if (open === -1) return null;
  const close = key.indexOf('}', open + 1);
  if (close === -1 || close === open + 1) return null;
  return key.slice(open + 1, close);
}

/**
 * Throws unless every key hashes to the same slot by construction (the same tag, or the same
 * key). Called by each multi-key operation of the cache port; the key prefix is left out,
 * since it holds no braces (see REDIS_KEY_PREFIX) and so never changes the hashed part.
 */
export function assertOneHashSlot(operation: string, keys: readonly string[]): void {
  // An untagged key is hashed whole, with the prefix: it shares a slot only with itself.
  const parts = new Set(keys.map((key) => {
    const tag = tagOf(key);
    return tag === null ? `key:${key}` : `tag:${tag}`;
  }));
  if (parts.size > 1) {
    throw new Error(`CROSSSLOT: ${operation} of keys in different hash slots (${keys.join(', ')}); give keys used together one hash tag {…}`);
  }
}
