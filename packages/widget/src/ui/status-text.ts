import type { ChatView } from '../client/chat-controller.js';
import type { WidgetStrings } from '../i18n/strings.js';

/**
 * The one-line status under the title. While queued: the wait time, else the place in the queue, else the
 * backend's message (IBM web chat's order of priority), else a plain "waiting".
 */
export function statusText(view: ChatView, strings: WidgetStrings): string {
  if (view.resuming) return strings.resuming;
  if (view.reconnecting) return strings.reconnecting;
  switch (view.state) {
    case 'starting':
      return strings.starting;
    case 'queued': {
      const availability = view.availability ?? {};
      if (availability.estimated_wait_time !== undefined) return strings.waitTime(availability.estimated_wait_time);
      if (availability.position_in_queue !== undefined) return strings.position(availability.position_in_queue);
      return availability.message ?? strings.waiting;
    }
    case 'connected':
      return strings.connectedTo(view.agent?.nickname ?? strings.agent);
    case 'transferring':
      return strings.transferring;
    case 'agent-left':
      return strings.agentAway;
    case 'ended':
      return strings.ended;
    case 'idle':
      return strings.welcome;
  }
}
