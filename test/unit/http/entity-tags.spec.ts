import { describe, expect, it } from 'vitest';
import { ifNoneMatchMatches, strongEntityTag } from '../../../src/common/http/caching/entity-tags.js';

const body = '{"id":"a","bio":"Cares for adults."}';
const tag = strongEntityTag(body);
const opaque = tag.slice(1, -1);

describe('strong entity tags', () => {
  it('are a quoted hash of the exact bytes: equal for equal bodies, different for any change', () => {
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(strongEntityTag(Buffer.from(body))).toBe(tag);
    expect(strongEntityTag(body.replace('adults', 'adults '))).not.toBe(tag);
  });
});

describe('If-None-Match (RFC 9110 §13.1.2)', () => {
  it('matches the current tag, alone or anywhere in a list, with or without spaces', () => {
    expect(ifNoneMatchMatches(tag, tag)).toBe(true);
    expect(ifNoneMatchMatches(`"old", ${tag}`, tag)).toBe(true);
    expect(ifNoneMatchMatches(`${tag},"old"`, tag)).toBe(true);
    expect(ifNoneMatchMatches(` "a" ,\t${tag} , "b"`, tag)).toBe(true);
  });

  it('compares weakly: a W/ prefix on either side still matches', () => {
    expect(ifNoneMatchMatches(`W/${tag}`, tag)).toBe(true);
    expect(ifNoneMatchMatches(`"old", W/${tag}`, tag)).toBe(true);
    expect(ifNoneMatchMatches(tag, `W/${tag}`)).toBe(true);
  });

  it('matches * (a current representation exists whenever there is a tag to compare)', () => {
    expect(ifNoneMatchMatches('*', tag)).toBe(true);
    expect(ifNoneMatchMatches(' * ', tag)).toBe(true);
  });

  it('does not match other tags, an absent field or the empty list', () => {
    expect(ifNoneMatchMatches('"other"', tag)).toBe(false);
    expect(ifNoneMatchMatches(`"${opaque}x"`, tag)).toBe(false);
    expect(ifNoneMatchMatches(undefined, tag)).toBe(false);
    expect(ifNoneMatchMatches('', tag)).toBe(false);
    expect(ifNoneMatchMatches(' , ,', tag)).toBe(false);
  });

  it('accepts empty list elements and tags that contain commas', () => {
    expect(ifNoneMatchMatches(`, "a,b", , ${tag},`, tag)).toBe(true);
    expect(ifNoneMatchMatches('"a,b"', '"a,b"')).toBe(true);
    expect(ifNoneMatchMatches('"a,b"', '"a"')).toBe(false);
  });

  it('ignores a malformed field, so the full response is sent', () => {
    expect(ifNoneMatchMatches(opaque, tag)).toBe(false); // unquoted
    expect(ifNoneMatchMatches(`${tag} junk`, tag)).toBe(false);
    expect(ifNoneMatchMatches(`"a" ${tag}`, tag)).toBe(false); // no comma between members
    expect(ifNoneMatchMatches(`w/${tag}`, tag)).toBe(false); // the weak prefix is case-sensitive
    expect(ifNoneMatchMatches(`*, ${tag}`, tag)).toBe(false); // * stands alone
    expect(ifNoneMatchMatches(`"${opaque}`, tag)).toBe(false);
  });
});
