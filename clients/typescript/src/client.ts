import createClient, { type Client } from 'openapi-fetch';
import { errorMiddleware } from './error-middleware.js';
import { idempotencyMiddleware } from './idempotency-middleware.js';
import { Refresher } from './refresher.js';
import type { paths } from './schema.js';
import { sessionMiddleware } from './session-middleware.js';
import { memoryTokenStore, type TokenStore } from './tokens.js';

export interface IhosiClientOptions {
  /** Where the API is served, without `/api/v1`: `https://api.ihosi.example`. */
  baseUrl: string;
  /** Where the session's tokens live; default: in memory (lost when the process ends). */
  tokens?: TokenStore;
  /** The fetch to send requests with; default: the global one. */
  fetch?: (request: Request) => Promise<Response>;
}

/** The openapi-fetch client, typed by the API's paths, with its token store. */
export type IhosiClient = Client<paths> & { readonly tokens: TokenStore };

/**
 * A typed client of the iHosi API: `client.GET('/api/v1/doctors/{id}', { params: { path: { id } } })`.
 * Signed-in calls carry the stored access token and survive its expiry (one shared refresh,
 * then one retry); bookings carry an `Idempotency-Key`; any answer of 400 or more is thrown as
 * an IhosiApiError.
 */
export function createIhosiClient(options: IhosiClientOptions): IhosiClient {
  const tokens = options.tokens ?? memoryTokenStore();
  const fetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  // The refresh goes around the middleware: its 401 is an answer, not a reason to refresh.
  const bare = createClient<paths>({ baseUrl: options.baseUrl, fetch });
  const refresher = new Refresher(tokens, async (refreshToken) => {
    const { data, error, response } = await bare.POST('/api/v1/auth/refresh', { body: { refreshToken } });
    return { response, session: data, body: error };
  });

  const client = createClient<paths>({ baseUrl: options.baseUrl, fetch });
  // Requests pass these in order and answers in reverse: the key is set before the session
  // middleware copies the request for its retry, and errors are thrown only after a refresh
  // has had its chance to turn a 401 into an answer.
  client.use(errorMiddleware, idempotencyMiddleware(), sessionMiddleware(tokens, refresher));
  return Object.assign(client, { tokens });
}

/**
 * The body of a successful call, typed: `const doctor = await dataOf(client.GET(...))`.
 * Failures were already thrown as IhosiApiError; a success without a body (204) is an Error here.
 */
export async function dataOf<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  const { data, response } = await call;
  if (data === undefined) throw new Error(`${response.status} answer has no body`);
  return data;
}
