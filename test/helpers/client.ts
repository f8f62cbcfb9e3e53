import { createIhosiClient, memoryTokenStore, type IhosiClient, type TokenStore } from '../../clients/typescript/src/index.js';

/*
 * The typed client (clients/typescript) as an app uses it, against an app a test started
 * (`await t.listen()`), with every request it sends recorded. Imported by relative path so the
 * tests exercise this checkout's client, not the installed workspace package.
 */

export interface SentRequest {
  /** `POST /api/v1/appointments` */
  line: string;
  headers: Headers;
}

export interface RecordingClient {
  api: IhosiClient;
  sent: SentRequest[];
  /** How many requests had this line. */
  count(line: string): number;
}

export function recordingClient(baseUrl: string, tokens: TokenStore = memoryTokenStore()): RecordingClient {
  const sent: SentRequest[] = [];
  const api = createIhosiClient({
    baseUrl,
    tokens,
    fetch: (request) => {
      sent.push({ line: `${request.method} ${new URL(request.url).pathname}`, headers: new Headers(request.headers) });
      return fetch(request);
    },
  });
  return { api, sent, count: (line) => sent.filter((s) => s.line === line).length };
}
