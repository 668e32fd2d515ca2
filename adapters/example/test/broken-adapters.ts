import { exampleAdapter, type ExampleOptions, ExampleServiceDesk } from '../src/index.js';
import {
  type AdapterContext,
  type AdapterPlugin,
  defineAdapter,
  type MessageRequest,
  randomId,
  type SendMessageExtra,
  type ServiceDeskCallback,
} from '@byosd/core';

/**
 * Deliberately broken variants of the example adapter, each with one bug the suite must catch. Most break what
 * the adapter reports (a wrapped callback); the others override one step of the desk.
 */

type DeskClass = typeof ExampleServiceDesk;

function variant(name: string, serviceDesk: DeskClass): AdapterPlugin {
  return defineAdapter({ ...exampleAdapter, name, serviceDesk });
}

/** A desk whose reports pass through `wrap` before they reach the host. */
function reporting(wrap: (callback: ServiceDeskCallback) => ServiceDeskCallback): DeskClass {
  return class extends ExampleServiceDesk {
    constructor(context: AdapterContext<ExampleOptions>) {
      super({ ...context, callback: wrap(context.callback) });
    }
  };
}

/** Reports every agent message twice, with the same id. */
export const duplicatesMessages = variant(
  'broken-duplicates',
  reporting((callback) => ({
    ...callback,
    sendMessageToUser(message, agentId) {
      callback.sendMessageToUser(message, agentId);
      callback.sendMessageToUser(message, agentId);
    },
  })),
);

/** Reports the second agent message after the third (the ids stay distinct). */
export const reordersMessages = variant(
  'broken-reorders',
  reporting((callback) => {
    let count = 0;
    let held: (() => void) | undefined;
    return {
      ...callback,
      sendMessageToUser(message, agentId) {
        count += 1;
        if (count === 2) {
          held = () => callback.sendMessageToUser(message, agentId);
          return;
        }
        callback.sendMessageToUser(message, agentId);
        held?.();
        held = undefined;
      },
    };
  }),
);

/** Never reports the third agent message. */
export const losesMessage = variant(
  'broken-loses',
  reporting((callback) => {
    let count = 0;
    return {
      ...callback,
      sendMessageToUser(message, agentId) {
        count += 1;
        if (count !== 3) callback.sendMessageToUser(message, agentId);
      },
    };
  }),
);

/** Goes on reporting after the agent ended the chat. */
export const emitsAfterEnd = variant(
  'broken-after-end',
  reporting((callback) => ({
    ...callback,
    agentEndedChat() {
      callback.agentEndedChat();
      callback.agentTyping(false);
      callback.sendMessageToUser('One more thing…', 'agent');
    },
  })),
);

/** Drops the lost-connection reports: the user never learns that the chat is cut off. */
export const swallowsDisconnect = variant(
  'broken-silent-disconnect',
  reporting((callback) => ({
    ...callback,
    setErrorStatus(info) {
      if (info.type !== 'DISCONNECTED') callback.setErrorStatus(info);
    },
  })),
);

/** Reports a transfer as the end of the chat, after which the new agent's join starts "another" chat. */
export const transferAsNewChat = variant(
  'broken-transfer',
  reporting((callback) => ({
    ...callback,
    beginTransferToAnotherAgent() {
      callback.agentEndedChat();
    },
  })),
);

/** Sends every message under a fresh id, so that the desk cannot recognise a retry. */
export const ignoresMessageId = variant(
  'broken-ignores-message-id',
  class extends ExampleServiceDesk {
    override sendMessageToAgent(message: MessageRequest, _messageId: string, extra?: SendMessageExtra): Promise<void> {
      return super.sendMessageToAgent(message, randomId(), extra);
    }
  },
);

/** Forgets the chat that a failed start left open at the desk. */
export const leavesChatOpen = variant(
  'broken-leaves-chat-open',
  class extends ExampleServiceDesk {
    protected override async closeHalfOpenChat(): Promise<void> {}
  },
);
