import type { Notice } from '../channels/notification-channel.js';
import { signJwt } from './jwt-assertion.js';
import { retryable, retryAfterMs, retryOrRejected, type ProviderAnswer } from './provider-answer.js';
import { JwtSigningPushTransport, PUSH_REQUEST_TIMEOUT_MS } from './push-transport.js';

export interface FcmSettings {
  projectId: string;
  clientEmail: string;
  privateKey: string;
  /** The service account's `token_uri` (Google's OAuth 2 token endpoint). */
  tokenUri: string;
  /** `https://fcm.googleapis.com`; a local server in tests. */
  apiOrigin: string;
}

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
/** A cached access token is replaced this long before it expires. */
const EXPIRY_MARGIN_MS = 60_000;

interface FcmError {
  error?: { status?: string; message?: string; details?: { errorCode?: string }[] };
}

/**
 * Firebase Cloud Messaging, HTTP v1: a service account signs a JWT assertion (RS256), trades
 * it for an OAuth 2 access token (cached until shortly before it expires, one exchange at a
 * time), and sends with it as a bearer token. Android devices and, through FCM, any other.
 */
export class FcmTransport extends JwtSigningPushTransport<FcmSettings> {
  readonly provider = 'fcm' as const;
  private token: { value: string; expiresAt: number } | null = null;
  private exchange: Promise<string | ProviderAnswer> | null = null;

  protected async send(deviceToken: string, notice: Notice): Promise<ProviderAnswer> {
    const first = await this.sendOnce(deviceToken, notice);
    if (first !== 'token-refused') return first;
    // An access token revoked before its expiry: exchange once more, then it is the credential.
    this.token = null;
    const second = await this.sendOnce(deviceToken, notice);
    if (second !== 'token-refused') return second;
    return this.refused('FCM refused a fresh access token (401)', 'FCM refused the access token');
  }

  private async sendOnce(deviceToken: string, notice: Notice): Promise<ProviderAnswer | 'token-refused'> {
    const access = await this.accessToken();
    if (typeof access !== 'string') return access;
    const message = {
      token: deviceToken,
      notification: { title: notice.title, body: notice.body },
      ...(notice.collapseId ? { android: { collapse_key: notice.collapseId }, apns: { headers: { 'apns-collapse-id': notice.collapseId } } } : {}),
    };
    let response: Response;
    try {
      response = await fetch(`${this.settings.apiOrigin}/v1/projects/${encodeURIComponent(this.settings.projectId)}/messages:send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access}`, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ message }),
        signal: AbortSignal.timeout(PUSH_REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      return { kind: 'retry', reason: `FCM unreachable: ${(error as Error).message}` };
    }
    if (response.ok) {
      await response.body?.cancel();
      return { kind: 'ok' };
    }
    const body = (await response.json().catch(() => ({}))) as FcmError;
    const code = body.error?.details?.find((d) => d.errorCode)?.errorCode ?? body.error?.status ?? String(response.status);
    if (response.status === 401) return 'token-refused';
    if (code === 'UNREGISTERED' || response.status === 404) return { kind: 'gone', reason: `FCM ${code}` };
    if (code === 'SENDER_ID_MISMATCH') return { kind: 'gone', reason: `FCM ${code}` };
    if (code === 'INVALID_ARGUMENT') return { kind: 'gone', reason: 'FCM INVALID_ARGUMENT (malformed token)' };
    if (response.status === 403) return this.refused(`FCM refused the service account (${code})`, `FCM ${code}`);
    return retryOrRejected(response.status, `FCM ${code}`, response.headers.get('retry-after'));
  }

  /** The cached access token, or a new one by a signed assertion; one exchange at a time. */
  private async accessToken(): Promise<string | ProviderAnswer> {
    if (this.token && this.token.expiresAt - EXPIRY_MARGIN_MS > this.now()) return this.token.value;
    this.exchange ??= this.exchangeAssertion().finally(() => {
      this.exchange = null;
    });
    return this.exchange;
  }

  private async exchangeAssertion(): Promise<string | ProviderAnswer> {
    const iat = Math.floor(this.now() / 1_000);
    const assertion = signJwt('RS256', {}, { iss: this.settings.clientEmail, scope: SCOPE, aud: this.settings.tokenUri, iat, exp: iat + 3_600 }, this.key);
    let response: Response;
    try {
      response = await fetch(this.settings.tokenUri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
        signal: AbortSignal.timeout(PUSH_REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      return { kind: 'retry', reason: `OAuth token endpoint unreachable: ${(error as Error).message}` };
    }
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
    if (response.ok && body.access_token) {
      this.token = { value: body.access_token, expiresAt: this.now() + (body.expires_in ?? 3_600) * 1_000 };
      return body.access_token;
    }
    if (retryable(response.status)) return { kind: 'retry', reason: `OAuth token endpoint ${response.status}`, afterMs: retryAfterMs(response.headers.get('retry-after')) };
    return this.refused(`the FCM service account was refused by the token endpoint (${body.error ?? response.status})`, `OAuth ${body.error ?? response.status}`);
  }
}
