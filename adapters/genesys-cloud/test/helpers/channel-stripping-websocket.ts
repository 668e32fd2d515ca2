import { WebSocket } from 'ws';

/**
 * The real `ws` socket, except that the agent's Typing and Presence Disconnect frames lose `body.channel` on
 * arrival: what the simulator sent before issue 15, and what Genesys's documented examples show. For checking that
 * the adapter reads frames with or without `channel`.
 */
export class ChannelStrippingWebSocket extends WebSocket {
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'message' && args[1] !== true) args[0] = Buffer.from(stripEventChannel(String(args[0])));
    return super.emit(event, ...args);
  }
}

function stripEventChannel(text: string): string {
  const frame = JSON.parse(text) as { class?: unknown; body?: { direction?: unknown; type?: unknown; channel?: unknown } };
  if (frame.class !== 'StructuredMessage' || frame.body?.direction !== 'Outbound' || frame.body.type !== 'Event') return text;
  const events = JSON.stringify(frame.body);
  if (!events.includes('"Typing"') && !events.includes('"Disconnect"')) return text;
  delete frame.body.channel;
  return JSON.stringify(frame);
}
