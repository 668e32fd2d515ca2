/**
 * Where to read the next page of a list from. Twilio writes `next_page_url` absolute on the API's public host
 * (`https://conversations.twilio.com/v1/Conversations?PageSize=50&Page=1&PageToken=...`). A client configured with
 * another base URL (a proxy, the simulator) keeps the path and query and puts them on the origin and prefix of the
 * page it just read: following the public host would leave the configured route, and send the account's
 * credentials wherever an answer points. A next page on the same origin, or a relative one, is used as it is.
 */
export function nextPageUrl(nextPage: string, currentPage: string): string {
  const current = new URL(currentPage);
  const next = new URL(nextPage, current);
  if (next.origin === current.origin) return next.toString();
  const version = /^\/v\d+\//.exec(next.pathname)?.[0];
  const versionAt = version === undefined ? -1 : current.pathname.indexOf(version);
  const prefix = versionAt > 0 ? current.pathname.slice(0, versionAt) : '';
  return `${current.origin}${prefix}${next.pathname}${next.search}`;
}
