import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Webhook parameters as Twilio signs them: each name with one value, or several (sorted before signing). */
export type TwilioParams = Readonly<Record<string, string | readonly string[]>>;

/**
 * The string Twilio signs: the full URL exactly as configured (query string included), then every POST parameter
 * sorted by name, each as `name + value` with no separators; an array contributes each of its values, sorted.
 */
export function signatureBase(url: string, params: TwilioParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name] ?? '';
    const values = typeof value === 'string' ? [value] : [...value].sort();
    for (const item of values) data += name + item;
  }
  return data;
}

/** The `X-Twilio-Signature` of a delivery: base64 of HMAC-SHA1 over `signatureBase`, keyed with the Auth Token. */
export function computeTwilioSignature(authToken: string, url: string, params: TwilioParams = {}): string {
  return createHmac('sha1', authToken)
    .update(Buffer.from(signatureBase(url, params), 'utf8'))
    .digest('base64');
}

/**
 * Whether `signature` signs `url` and `params` with `authToken`. As twilio-node does, the URL counts both with and
 * without its default port (`https://host/x` and `https://host:443/x`), because proxies add or drop it; unlike
 * twilio-node, another port does not count. Compared in constant time.
 */
export function isValidTwilioSignature(authToken: string, signature: string, url: string, params: TwilioParams): boolean {
  return urlPortVariants(url).some((candidate) => constantTimeEqual(computeTwilioSignature(authToken, candidate, params), signature));
}

/**
 * The JSON-body variant: Twilio puts `bodySHA256=<hex SHA-256 of the raw body>` in the URL and signs the URL
 * alone. Valid when the signature signs the URL and the body hashes to the value in it.
 */
export function isValidTwilioBodySignature(authToken: string, signature: string, url: string, rawBody: Uint8Array): boolean {
  const expectedHash = bodySha256Of(url);
  if (expectedHash === undefined) return false;
  const bodyHash = createHash('sha256').update(rawBody).digest('hex');
  // Evaluate both halves, so that timing does not tell which one failed.
  const signed = isValidTwilioSignature(authToken, signature, url, {});
  const hashed = constantTimeEqual(bodyHash, expectedHash.toLowerCase());
  return signed && hashed;
}

/** The `bodySHA256` query parameter of a webhook URL, if it has one. */
export function bodySha256Of(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('bodySHA256') ?? undefined;
  } catch {
    return undefined;
  }
}

const URL_PARTS = /^(https?:\/\/[^/?#:]+)(?::(\d+))?(.*)$/i;

/**
 * The forms of `url` that count as the same: as given, and with the scheme's default port (:443, :80) added when
 * absent or removed when present. Any other port is a different URL.
 */
export function urlPortVariants(url: string): string[] {
  const parts = URL_PARTS.exec(url);
  if (!parts) return [url];
  const [, origin = '', port, rest = ''] = parts;
  const defaultPort = origin.toLowerCase().startsWith('https') ? '443' : '80';
  if (port === undefined) return [url, `${origin}:${defaultPort}${rest}`];
  return port === defaultPort ? [url, `${origin}${rest}`] : [url];
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time independent of where they differ.
  return left.length === right.length ? timingSafeEqual(left, right) : !timingSafeEqual(left, left);
}
