import { z } from 'zod';

/** `<token>.ics`: the 43-character base64url token the POST answered, with the extension. */
export const calendarFileParam = z.string().max(47).regex(/^[A-Za-z0-9_-]{43}\.ics$/);
