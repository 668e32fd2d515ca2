import type { ChatEventBody } from '../bus/chat-event.js';
import type { ChatEventBus } from '../bus/chat-event-bus.js';
import type { AgentProfile } from '../contract/agent-profile.js';
import type { ChatState } from '../contract/chat-state.js';
import type { JsonObject } from '../contract/json.js';
import type { PersistedChat } from '../contract/persisted-state.js';
import { SPEC_VERSION } from '../contract/spec-version.js';
import type { Logger } from '../util/logger.js';
import type { GuardedCallbackHost } from './guarded-callback.js';

/**
 * What a chat session knows of its chat: where it is in its lifecycle, the agent in it and the adapter's resume
 * data, with the bus each change is published on. The session (calls from the widget) and the guarded callback
 * (reports from the adapter) both change the chat through here. Its methods live on the prototype: a gateway
 * holds one of these for each of thousands of idle chats, and a closure per method would cost each of them.
 */
export class SessionState implements GuardedCallbackHost {
  state: ChatState = 'idle';
  agent: AgentProfile | undefined;
  /** The adapter's resume data (`updatePersistedState`). */
  desk: JsonObject = {};

  constructor(
    readonly chatId: string,
    readonly adapterName: string,
    readonly logger: Logger,
    readonly events: ChatEventBus,
    /** Called once the agent ended the chat, so that the adapter can release its resources. */
    private readonly agentEnded: () => void,
  ) {}

  /** What to store to resume this chat elsewhere (also published with every change). */
  get persisted(): PersistedChat {
    return {
      specVersion: SPEC_VERSION,
      adapter: this.adapterName,
      chatId: this.chatId,
      state: this.state,
      ...(this.agent ? { agent: this.agent } : {}),
      desk: this.desk,
    };
  }

  /** Moves the lifecycle, publishing `chatStateChanged` and the persisted chat; `null` clears the agent. */
  moveTo(state: ChatState, agent?: AgentProfile | null): void {
    if (agent === null) this.agent = undefined;
    else if (agent !== undefined) this.agent = agent;
    if (state === this.state) return;
    const previous = this.state;
    this.state = state;
    this.events.publish({ type: 'chatStateChanged', state, previous });
    this.publishPersisted();
  }

  publish(body: ChatEventBody): void {
    this.events.publish(body);
  }

  persistDeskState(state: JsonObject, merge: boolean): void {
    this.desk = merge ? { ...this.desk, ...state } : state;
    this.publishPersisted();
  }

  onAgentEnded(): void {
    this.agentEnded();
  }

  private publishPersisted(): void {
    this.events.publish({ type: 'updatePersistedState', state: this.persisted });
  }
}
