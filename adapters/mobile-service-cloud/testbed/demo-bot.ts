import { connectMessage, ErrorCode, parseOrThrow } from '@byosd/core';
import type { DemoBot } from '@byosd/simulators';
import { BOT_PATHS, botReplySchema } from '../protocol/index.js';
import type { MobileServiceCloudSimulator } from '../simulator/index.js';

/**
 * The demo's bot part of the conversation before the handover: the simulated Conversational AI Cloud bot, asked on
 * the demo server (its API key stays there). When its answer carries `livechat: true`, the handover is the
 * question with the bot session as `session_history_key`: the adapter asks the bot again in that session, so the
 * output additions (`skill`, `mscWebstore`, `mscChannel`) reach the flow from the bot itself, not from the page.
 */
export function mobileServiceCloudDemoBot(simulator: MobileServiceCloudSimulator): DemoBot {
  return {
    async answer(question, session) {
      const query = new URLSearchParams({ apiKey: simulator.account.botApiKey, q: question, ...(session ? { sessionId: session } : {}) });
      const response = await fetch(`${simulator.urls.bot}/${BOT_PATHS.ask}?${query}`);
      if (!response.ok) throw new Error(`The bot answered ${response.status}`);
      const reply = parseOrThrow(botReplySchema, await response.json(), ErrorCode.PROTOCOL_ERROR, "The bot's answer");
      const livechat = reply.outputs.some((output) => output.outputAdditions.livechat === true);
      return {
        session: reply.sessionId,
        text: reply.outputs.map((output) => output.text).join('\n\n'),
        ...(livechat ? { handover: { ...connectMessage(question), session_history_key: reply.sessionId } } : {}),
      };
    },
  };
}
