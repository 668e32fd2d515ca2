/** The part of a browser's `document` that tells when the page is shown again. */
export interface VisibilityDocument {
  readonly visibilityState: string;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

/** The page's document when the adapter runs in a page; undefined on a server (the gateway). */
function pageDocument(): VisibilityDocument | undefined {
  const candidate = (globalThis as { document?: Partial<VisibilityDocument> }).document;
  return typeof candidate?.addEventListener === 'function' && typeof candidate.visibilityState === 'string' ? (candidate as VisibilityDocument) : undefined;
}

/**
 * Calls `onVisible` each time the page becomes visible again (the user came back to the tab), when there is a
 * page; returns what stops it. On a server there is no page and nothing happens: there, the user's typing and
 * sends are the signs that the user is back.
 */
export function whenPageVisible(onVisible: () => void, document: VisibilityDocument | undefined = pageDocument()): () => void {
  if (!document) return () => undefined;
  const listener = () => {
    if (document.visibilityState === 'visible') onVisible();
  };
  document.addEventListener('visibilitychange', listener);
  return () => document.removeEventListener('visibilitychange', listener);
}
