/** What the demo page says around the bot part of a conversation (apart from bot-conversation.ts, so tests can read them in Node). */
export const BOT_TEXTS = {
  panelLabel: 'Assistant',
  logLabel: 'Conversation with the assistant',
  questionLabel: 'Ask the assistant',
  ask: 'Ask',
  handingOver: 'Handing you over: answer the questions in the chat to reach a colleague.',
  /** When the handover failed and the adapter gave no words of its own. */
  handoverFailed: 'The handover to a colleague did not work.',
  stillWithBot: 'You are still chatting with the assistant.',
} as const;
