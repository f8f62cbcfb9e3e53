import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** The languages notifications are written in; the first is the default. */
export const SUPPORTED_LOCALES = ['en', 'es'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/**
 * The supported language an `Accept-Language` header (RFC 9110 §12.5.4) prefers: ranges by
 * descending q (ties in header order), each matched by its primary subtag (`es-MX` is `es`);
 * `*` or nothing supported gives `en`. Pure; a malformed header is just ignored.
 */
export function preferredLocale(header: string | undefined): SupportedLocale {
  if (!header) return 'en';
  const ranges = header
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    if (range.primary === '*') return 'en';
    const match = SUPPORTED_LOCALES.find((l) => l === range.primary);
    if (match) return match;
  }
  return 'en';
}

/** The request's `Accept-Language` header (first 500 characters), or undefined. */
export const AcceptLanguage = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const value: unknown = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers['accept-language'];
  return typeof value === 'string' ? value.slice(0, 500) : undefined;
});
