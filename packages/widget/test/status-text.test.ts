import type { ChatView } from '../src/client/chat-controller.js';
import { stringsFor } from '../src/i18n/strings.js';
import { statusText } from '../src/ui/status-text.js';

const english = stringsFor('en');
const queued = (availability: ChatView['availability']): ChatView => ({
  state: 'queued',
  agentTyping: false,
  reconnecting: false,
  resuming: false,
  transcript: [],
  ...(availability ? { availability } : {}),
});

describe('the status line while queued', () => {
  test('shows the wait time first, then the place in the queue, then the backend message (IBM web chat order)', () => {
    expect(statusText(queued({ estimated_wait_time: 4, position_in_queue: 3, message: 'Busy' }), english)).toBe(
      'An agent will be with you in about 4 minutes.',
    );
    expect(statusText(queued({ position_in_queue: 3, message: 'Busy' }), english)).toBe('You are number 3 in the queue.');
    expect(statusText(queued({ message: 'All agents are busy' }), english)).toBe('All agents are busy');
    expect(statusText(queued(undefined), english)).toBe('Waiting for an agent…');
  });

  test('speaks of the next place and a single minute naturally, in English and Dutch', () => {
    expect(statusText(queued({ position_in_queue: 1 }), english)).toBe('You are next in the queue.');
    expect(statusText(queued({ estimated_wait_time: 0.5 }), english)).toBe('An agent will be with you in about a minute.');
    expect(statusText(queued({ position_in_queue: 2 }), stringsFor('nl-BE'))).toBe('U bent nummer 2 in de wachtrij.');
  });

  test('a dropped connection or a resume in progress outranks the queue', () => {
    expect(statusText({ ...queued({ position_in_queue: 2 }), reconnecting: true }, english)).toBe('Connection lost. Reconnecting…');
    expect(statusText({ ...queued({ position_in_queue: 2 }), resuming: true }, english)).toBe('Picking up your chat…');
  });
});
