import assert from 'node:assert/strict';
import { ErrorCode, isServiceDeskError } from '@byosd/core';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { agentReceivedTexts, expectRejection, expectUserReceived, FIRST_AGENT, numbered, sendUserMessages, startConnectedChat } from '../steps.js';

/** How many messages the ordering scenarios send each way. */
const MANY = 200;

/** Text that adapters tend to mangle: non-Latin scripts, emoji sequences, right-to-left, combining marks. */
const UNUSUAL_TEXTS = [
  'Grüße aus Köln, café crème',
  '你好，我的订单在哪里？',
  '👩🏽‍💻 🚀 👍🏿 🇳🇱 1️⃣',
  'مرحبا، أين طلبي؟',
  'שלום, mixed עם English',
  'e\u0301 n\u0303 a\u030a (combining marks)',
  '𝕌𝕟𝕚𝕔𝕠𝕕𝕖 outside the BMP 𐍈',
];

/** Text that must stay text: markup and line breaks pass through unchanged, never interpreted. */
const PLAIN_TEXTS = ['<b>not bold</b> & <script>alert(1)</script>', 'line one\nline two\n\n  indented line', '**not** _markdown_ `code`'];

/** Sends `texts` from the user and from the agent; each side must receive them exactly as sent. */
async function expectUnchangedBothWays(context: ScenarioContext, texts: readonly string[]): Promise<void> {
  const { chat, backendChatId } = await startConnectedChat(context);
  await sendUserMessages(chat, texts);
  for (const text of texts) await context.agent.say(backendChatId, text);
  assert.deepEqual(await agentReceivedTexts(context, backendChatId), texts, 'what the agent received');
  await expectUserReceived(chat, texts);
}

/** Messaging: delivery each way, once each, in order, unchanged; length limits; idempotent sends. */
export const messagingScenarios: Scenario[] = [
  {
    group: 'messaging',
    name: `${MANY} user messages reach the agent once each, in order`,
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      const texts = numbered('user message', MANY);
      await sendUserMessages(chat, texts);
      assert.deepEqual(await agentReceivedTexts(context, backendChatId), texts);
    },
  },
  {
    group: 'messaging',
    name: `${MANY} agent messages reach the user once each, in order`,
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      const texts = numbered('agent message', MANY);
      for (const text of texts) await context.agent.say(backendChatId, text);
      await expectUserReceived(chat, texts);
    },
  },
  {
    group: 'messaging',
    name: 'agent messages name the agent who sent them',
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      await context.agent.say(backendChatId, 'Hello, how can I help?');
      const message = await chat.waitFor('sendMessageToUser');
      assert.equal(message.agentId, FIRST_AGENT.id);
    },
  },
  {
    group: 'messaging',
    name: 'unicode, emoji and right-to-left text arrive unchanged, both ways',
    run: (context) => expectUnchangedBothWays(context, UNUSUAL_TEXTS),
  },
  {
    group: 'messaging',
    name: 'markup and line breaks pass through as plain text, both ways',
    run: (context) => expectUnchangedBothWays(context, PLAIN_TEXTS),
  },
  {
    group: 'messaging',
    name: 'an empty message reaches the agent unchanged, or is refused with INVALID_INPUT',
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      try {
        await chat.desk.sendMessageToAgent({ input: { text: '' } }, 'empty-message');
      } catch (error) {
        if (!isServiceDeskError(error, ErrorCode.INVALID_INPUT)) throw error;
        assert.deepEqual(await agentReceivedTexts(context, backendChatId), [], 'a refused message must not reach the agent');
        return;
      }
      assert.deepEqual(await agentReceivedTexts(context, backendChatId), ['']);
    },
  },
  {
    group: 'messaging',
    name: 'a message of exactly maxMessageLength characters arrives whole',
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      const text = 'x'.repeat(context.capabilities.maxMessageLength);
      await sendUserMessages(chat, [text]);
      const [received] = await agentReceivedTexts(context, backendChatId);
      assert.equal(received?.length, text.length, 'the agent should receive every character');
    },
  },
  {
    group: 'messaging',
    name: 'a longer message is refused with INVALID_INPUT and nothing reaches the agent',
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      const text = 'x'.repeat(context.capabilities.maxMessageLength + 1);
      await expectRejection(chat.desk.sendMessageToAgent({ input: { text } }, 'too-long'), ErrorCode.INVALID_INPUT, 'an over-long message');
      assert.deepEqual(await agentReceivedTexts(context, backendChatId), []);
    },
  },
  {
    group: 'messaging',
    name: 'a picked file is accepted, and reaches the agent with the message it is sent with',
    requires: ['fileUploads'],
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      const upload = { id: 'file-1', file: new File(['total: 42 EUR'], 'receipt.txt', { type: 'text/plain' }) };
      await chat.desk.filesSelectedForUpload?.([upload]);
      const status = await chat.waitFor('setFileUploadStatus', (event) => event.fileId === upload.id, 'the status of the picked file');
      assert.equal(status.isError, false, `the file should be accepted${status.errorMessage ? `, not refused: ${status.errorMessage}` : ''}`);
      await chat.desk.sendMessageToAgent({ input: { text: 'Here is my receipt' } }, 'with-file', { filesToUpload: [upload] });
      const [received] = (await context.agent.chat(backendChatId)).messages;
      assert.deepEqual(received && { text: received.text, attachments: received.attachments }, { text: 'Here is my receipt', attachments: ['receipt.txt'] });
    },
  },
  {
    group: 'messaging',
    name: 'a send repeated with the same messageId reaches the agent once',
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      const message = { input: { text: 'Please call me back' } };
      await Promise.all([chat.desk.sendMessageToAgent(message, 'retried-1'), chat.desk.sendMessageToAgent(message, 'retried-1')]);
      await chat.desk.sendMessageToAgent(message, 'retried-1');
      await chat.desk.sendMessageToAgent({ input: { text: 'Thanks' } }, 'retried-2');
      assert.deepEqual(await agentReceivedTexts(context, backendChatId), ['Please call me back', 'Thanks']);
    },
  },
];
