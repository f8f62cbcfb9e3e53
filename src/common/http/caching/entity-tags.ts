import { createHash } from 'node:crypto';

/**
 * A strong entity tag (RFC 9110 §8.8.3) for these exact bytes: equal bodies give equal tags on
 * every instance and across restarts, so a tag a phone got from one replica still matches on
 * another; any byte that changes changes the tag.
 */
export function strongEntityTag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/** One list member: an optionally weak quoted tag of `etagc` characters (RFC 9110 §8.8.3). */
const ENTITY_TAG = /(W\/)?"([\x21\x23-\x7E\x80-\xFF]*)"/y;
const OWS = /[ \t]*/y;

/**
 * The opaque parts of the tags in an `If-None-Match` list, or null when the field is not a
 * well-formed list. A tag may itself contain commas, so the list is read tag by tag rather than
 * split on commas; empty list elements (`a, , b`) are allowed, as RFC 9110 §5.6.1 asks.
 */
function opaqueTagsOf(field: string): string[] | null {
  const tags: string[] = [];
  let at = 0;
  const skip = (pattern: RegExp): void => {
    pattern.lastIndex = at;
    if (pattern.exec(field)) at = pattern.lastIndex;
  };
  while (at < field.length) {
    skip(OWS);
    if (field[at] === ',') {
      at++;
      continue;
    }
    if (at >= field.length) break;
    ENTITY_TAG.lastIndex = at;
    const match = ENTITY_TAG.exec(field);
    if (!match) return null;
    tags.push(match[2]!);
    at = ENTITY_TAG.lastIndex;
    skip(OWS);
    if (at < field.length && field[at] !== ',') return null;
  }
  return tags;
}

/**
 * Whether an `If-None-Match` field matches the current representation's tag, so a GET or HEAD
 * may answer 304 (RFC 9110 §13.1.2): `*` matches any current representation, and a listed tag
 * matches by the weak comparison (opaque parts equal, `W/` ignored on either side), because a
 * cache may hold our strong tag as weak after changing the encoding. A malformed field matches
 * nothing: the full response is always a safe answer.
 */
export function ifNoneMatchMatches(field: string | undefined, currentTag: string): boolean {
  if (field === undefined) return false;
  if (field.trim() === '*') return true;
  const current = opaqueTagsOf(currentTag)?.[0];
  if (current === undefined) return false;
  return (opaqueTagsOf(field) ?? []).includes(current);
}
