import type { JsonObject } from '@byosd/core';

/** The pre-chat key whose answer becomes the customer's nickname instead of going into userData. */
export const NICKNAME_KEY = 'nickname';

/**
 * The pre-chat data as GWS userData (string pairs, as attached data in Genesys Engage): strings as they are,
 * other values as JSON. `nickname` is taken out: it names the customer.
 */
export function preChatUserData(payload: JsonObject | undefined): { nickname: string | undefined; userData: Record<string, string> } {
  const userData: Record<string, string> = {};
  let nickname: string | undefined;
  for (const [key, value] of Object.entries(payload ?? {})) {
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (key === NICKNAME_KEY) nickname = text.trim() || undefined;
    else userData[key] = text;
  }
  return { nickname, userData };
}
