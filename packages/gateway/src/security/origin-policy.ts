/**
 * Which browser origins may use the gateway. Requests without an Origin header (servers, vendors' webhooks,
 * health checks) are not from a page and pass; a page's origin must be listed, or the list must hold `*`.
 */
export function isOriginAllowed(origin: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (origin === undefined) return true;
  return allowedOrigins.includes('*') || allowedOrigins.includes(origin);
}
