import * as z from 'zod/mini';

/** Every text the widget shows, in one language. Functions take what the text mentions. */
export interface WidgetStrings {
  /** The language code (`en`), for texts that others wrote in several languages, such as intake labels. */
  language: string;
  title: string;
  welcome: string;
  intakeHeading: string;
  questionLabel: string;
  questionPlaceholder: string;
  startChat: string;
  starting: string;
  required: string;
  messageLabel: string;
  send: string;
  endChat: string;
  newChat: string;
  transcriptLabel: string;
  you: string;
  agent: string;
  sending: string;
  failed: string;
  waiting: string;
  waitTime(minutes: number): string;
  position(place: number): string;
  connectedTo(name: string): string;
  transferring: string;
  agentAway: string;
  agentTyping(name: string): string;
  reconnecting: string;
  resuming: string;
  ended: string;
  connectingError: string;
  noAgents: string;
  resumeError: string;
  agentJoined(name: string): string;
  agentLeft(name: string): string;
  transfer(name: string | undefined): string;
  agentEnded(name: string): string;
  userEnded: string;
}

const english: WidgetStrings = {
  language: 'en',
  title: 'Chat with us',
  welcome: 'Ask your question and a person will answer.',
  intakeHeading: 'Before we connect you',
  questionLabel: 'How can we help?',
  questionPlaceholder: 'Describe your question',
  startChat: 'Chat with an agent',
  starting: 'Connecting…',
  required: '(required)',
  messageLabel: 'Message',
  send: 'Send',
  endChat: 'End chat',
  newChat: 'Start a new chat',
  transcriptLabel: 'Messages',
  you: 'You',
  agent: 'Agent',
  sending: 'Sending…',
  failed: 'Not delivered',
  waiting: 'Waiting for an agent…',
  waitTime: (minutes) => (minutes <= 1 ? 'An agent will be with you in about a minute.' : `An agent will be with you in about ${Math.round(minutes)} minutes.`),
  position: (place) => (place <= 1 ? 'You are next in the queue.' : `You are number ${place} in the queue.`),
  connectedTo: (name) => `You are chatting with ${name}.`,
  transferring: 'Transferring you to another agent…',
  agentAway: 'The agent left. Waiting for another agent…',
  agentTyping: (name) => `${name} is typing…`,
  reconnecting: 'Connection lost. Reconnecting…',
  resuming: 'Picking up your chat…',
  ended: 'The chat has ended.',
  connectingError: 'We could not connect you to an agent. Please try again.',
  noAgents: 'No agents are available right now. Please try again later.',
  resumeError: 'We could not pick up your earlier chat.',
  agentJoined: (name) => `${name} joined the chat`,
  agentLeft: (name) => `${name} left the chat`,
  transfer: (name) => (name ? `Transferring you to ${name}` : 'Transferring you to another agent'),
  agentEnded: (name) => `${name} ended the chat`,
  userEnded: 'You ended the chat',
};

const dutch: WidgetStrings = {
  language: 'nl',
  title: 'Chat met ons',
  welcome: 'Stel uw vraag en een medewerker helpt u verder.',
  intakeHeading: 'Voordat we u doorverbinden',
  questionLabel: 'Waarmee kunnen we helpen?',
  questionPlaceholder: 'Beschrijf uw vraag',
  startChat: 'Chat met een medewerker',
  starting: 'Verbinden…',
  required: '(verplicht)',
  messageLabel: 'Bericht',
  send: 'Verstuur',
  endChat: 'Chat beëindigen',
  newChat: 'Nieuwe chat starten',
  transcriptLabel: 'Berichten',
  you: 'U',
  agent: 'Medewerker',
  sending: 'Versturen…',
  failed: 'Niet afgeleverd',
  waiting: 'Wachten op een medewerker…',
  waitTime: (minutes) =>
    minutes <= 1 ? 'Over ongeveer een minuut helpt een medewerker u.' : `Over ongeveer ${Math.round(minutes)} minuten helpt een medewerker u.`,
  position: (place) => (place <= 1 ? 'U bent de volgende in de wachtrij.' : `U bent nummer ${place} in de wachtrij.`),
  connectedTo: (name) => `U chat met ${name}.`,
  transferring: 'U wordt doorverbonden met een andere medewerker…',
  agentAway: 'De medewerker is weg. Wachten op een andere medewerker…',
  agentTyping: (name) => `${name} typt…`,
  reconnecting: 'Verbinding verbroken. Opnieuw verbinden…',
  resuming: 'Uw chat wordt hervat…',
  ended: 'De chat is beëindigd.',
  connectingError: 'We konden u niet met een medewerker verbinden. Probeer het opnieuw.',
  noAgents: 'Er zijn nu geen medewerkers beschikbaar. Probeer het later opnieuw.',
  resumeError: 'We konden uw eerdere chat niet hervatten.',
  agentJoined: (name) => `${name} neemt deel aan de chat`,
  agentLeft: (name) => `${name} heeft de chat verlaten`,
  transfer: (name) => (name ? `U wordt doorverbonden met ${name}` : 'U wordt doorverbonden met een andere medewerker'),
  agentEnded: (name) => `${name} heeft de chat beëindigd`,
  userEnded: 'U heeft de chat beëindigd',
};

/** The languages the widget speaks, by `locale`. */
export const WIDGET_STRINGS = { en: english, nl: dutch } as const satisfies Record<string, WidgetStrings>;
export type WidgetLocale = keyof typeof WIDGET_STRINGS;
export const widgetLocaleSchema = z.enum(['en', 'nl']);

/** The strings for a locale such as `nl` or `nl-BE`; English for any other. */
export function stringsFor(locale: string | undefined): WidgetStrings {
  const language = (locale ?? '').toLowerCase().split('-')[0] ?? '';
  return language in WIDGET_STRINGS ? WIDGET_STRINGS[language as WidgetLocale] : english;
}
