import { ErrorCode, parseOrThrow } from '@byosd/core';
import { createHttpClient } from '@byosd/core/http';
import { oauthTokenResponseSchema } from '../../protocol/rest-api.js';

/** A token is renewed this long before Genesys says it expires. */
const RENEW_EARLY_MS = 60_000;

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
  return async () => {
    if (cached && Date.now() < cached.renewAt) return cached.token;
    const response = await http.post<unknown>('/oauth/token', new URLSearchParams({ grant_type: 'client_credentials' }).toString(), {
      headers: {
        Authorization: `Basic ${btoa(`${credentials.clientId}:${credentials.clientSecret}`)}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
    });
    const body = parseOrThrow(oauthTokenResponseSchema, response.data, ErrorCode.PROTOCOL_ERROR, 'Genesys Cloud answered /oauth/token');
    cached = { token: body.access_token, renewAt: Date.now() + (body.expires_in ?? 0) * 1000 - RENEW_EARLY_MS };
    return body.access_token;
  };
}
