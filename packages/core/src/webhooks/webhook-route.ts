/**
 * The webhook ingress contract: how an adapter asks its host (the gateway, a test harness, an integrator's own
 * server) to receive HTTP calls from its backend. The host mounts each route under `/webhooks/<adapter>/` and
 * passes the request untouched, so that the adapter can verify signatures over the exact bytes and URL.
 */
export interface WebhookRequest {
  method: string;
  /** The full URL the backend called, scheme and host included (signatures such as Twilio's cover it). */
  url: string;
  /** Header names in lowercase. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as received. */
  rawBody: Uint8Array;
}

/** What a webhook route answers. */
export interface WebhookResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** An HTTP route an adapter mounts to receive its backend's webhooks. */
export interface WebhookRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to the adapter's mount point, starting with `/`, e.g. `/conversation-events`. */
  path: string;
  /**
   * Handles one delivery. Answer 403 when the request is not authentic (and process nothing), 2xx once the event
   * is safely handed over; a repeated delivery of the same event must change nothing.
   */
  handle(request: WebhookRequest): Promise<WebhookResponse>;
}

/** The body as UTF-8 text. */
export function webhookBodyText(request: WebhookRequest): string {
  return new TextDecoder().decode(request.rawBody);
}
