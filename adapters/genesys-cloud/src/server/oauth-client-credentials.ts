import { ErrorCode, parseOrThrow } from '@byosd/core';
import { createHttpClient } from '@byosd/core/http';
import { oauthTokenResponseSchema } from '../../protocol/rest-api.js';

/** A token is renewed this long before Genesys says it expires (or halfway through a shorter life). */
const RENEW_EARLY_MS = 60_000;

/** How long a token is used when Genesys does not say when it expires. */
const UNSTATED_LIFETIME_MS = 5 * 60_000;

export interface ClientCredentials {
  /** The OAuth base, e.g. https://login.mypurecloud.com. */
  loginBaseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
}

/**
 * Genesys Cloud's OAuth client-credentials grant (`POST /oauth/token`, Basic client id:secret,
 * `grant_type=client_credentials`), with the token cached until shortly before it expires. Server side only:
 * the secret must never reach a browser.
 */
export function createAccessTokenSource(credentials: ClientCredentials): () => Promise<string> {
  const http = createHttpClient({ baseURL: credentials.loginBaseUrl, timeoutMs: credentials.timeoutMs, backendName: 'Genesys Cloud login' });
  let cached: { token: string; renewAt: number } | undefined;
  /** The token request under way: callers together share it. */
  let pending: Promise<string> | undefined;
  const requestToken = async (): Promise<string> => {
    const response = await http.post<unknown>('/oauth/token', new URLSearchParams({ grant_type: 'client_credentials' }).toString(), {
      headers: {
        Authorization: `Basic ${btoa(`${credentials.clientId}:${credentials.clientSecret}`)}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
    });
    const body = parseOrThrow(oauthTokenResponseSchema, response.data, ErrorCode.PROTOCOL_ERROR, 'Genesys Cloud answered /oauth/token');
    const lifetimeMs = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : UNSTATED_LIFETIME_MS;
    cached = { token: body.access_token, renewAt: Date.now() + lifetimeMs - Math.min(RENEW_EARLY_MS, lifetimeMs / 2) };
    return body.access_token;
  };
  return async () => {
    if (cached && Date.now() < cached.renewAt) return cached.token;
    pending ??= requestToken().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
