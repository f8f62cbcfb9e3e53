import type { Middleware } from 'openapi-fetch';
import { readApiError } from './errors.js';

/**
 * Turns every answer of 400 or more into a thrown IhosiApiError, so an app handles failures in
 * one `catch` that switches on `error.code`. Below 400 nothing is touched: a 304 to a
 * conditional GET is an answer, not a failure.
 */
export const errorMiddleware: Middleware = {
  async onResponse({ response }) {
    if (response.status >= 400) throw await readApiError(response);
    return undefined;
  },
};
