import { type ChatEvent, type ChatEventOf, messageText } from '@byosd/core';

/** Events the session adds for its own bookkeeping: not reports of the adapter, nothing a user sees. */
const BOOKKEEPING = new Set<ChatEvent['type']>(['chatStateChanged', 'userMessageSent', 'updatePersistedState']);

/** The adapter's reports among `events`: what the user side was told. */
export function reports(events: readonly ChatEvent[]): ChatEvent[] {
  return events.filter((event) => !BOOKKEEPING.has(event.type));
}

/** The agent messages the user received, in order. */
export function agentMessages(events: readonly ChatEvent[]): Array<ChatEventOf<'sendMessageToUser'>> {
  return events.filter((event): event is ChatEventOf<'sendMessageToUser'> => event.type === 'sendMessageToUser');
}

/** The texts of the agent messages the user received, in order. */
export function agentTexts(events: readonly ChatEvent[]): string[] {
  return agentMessages(events).map((event) => messageText(event.message));
}

/** One line per report, for failure messages: `agentJoined(Ada), sendMessageToUser("hi"), ...` (the last `limit`). */
export function describeReports(events: readonly ChatEvent[], limit = 12): string {
  const shown = reports(events);
  const lines = shown.slice(-limit).map(describeReport);
  const skipped = shown.length - lines.length;
  return shown.length === 0 ? 'nothing' : `${skipped > 0 ? `(${skipped} earlier) ` : ''}${lines.join(', ')}`;
}

function describeReport(event: ChatEvent): string {
  switch (event.type) {
    case 'sendMessageToUser':
      return `sendMessageToUser(${JSON.stringify(clip(messageText(event.message)))})`;
    case 'agentJoined':
      return `agentJoined(${event.profile.nickname})`;
    case 'agentTyping':
      return `agentTyping(${event.isTyping})`;
    case 'setErrorStatus':
      return `setErrorStatus(${event.info.type}${event.info.type === 'DISCONNECTED' ? `, ${event.info.isDisconnected}` : ''})`;
    default:
      return event.type;
  }
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
