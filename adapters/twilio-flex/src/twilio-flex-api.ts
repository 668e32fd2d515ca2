import { z } from 'zod';
import {
  conversationSchema,
  cumulativeStatisticsSchema,
  interactionSchema,
  messageSchema,
  type MessageResource,
  participantConversationSchema,
  participantSchema,
  type ParticipantResource,
  realTimeStatisticsSchema,
  taskSchema,
  webChatSchema,
} from './rest-resources.js';
import { nextPageUrl } from './page-url.js';
import { safeJson } from './safe-json.js';
import type { TwilioFlexOptions } from './twilio-flex-options.js';
import { TwilioRestClient } from './twilio-rest-client.js';

/** The attribute under which a message carries the user side's messageId, so that a retried send can find it. */
export const CLIENT_MESSAGE_ID_ATTRIBUTE = 'byosd_message_id';

const messagePageSchema = z.object({ messages: z.array(messageSchema), meta: z.object({ next_page_url: z.string().nullish() }) });
type MessagePage = z.output<typeof messagePageSchema>;

const messageAttributesSchema = z.looseObject({ [CLIENT_MESSAGE_ID_ATTRIBUTE]: z.string().optional() });

/** The Twilio calls this adapter makes, one method each, over Conversations, Flex and TaskRouter. */
export class TwilioFlexApi {
  readonly rest: TwilioRestClient;
  private readonly conversations: string;
  private readonly flex: string;
  private readonly workspace: string;

  constructor(private readonly options: TwilioFlexOptions) {
    this.rest = new TwilioRestClient({
      accountSid: options.accountSid,
      authToken: options.authToken,
      timeoutMs: options.requestTimeoutMs,
      retryDelayMs: options.retryDelayMs,
    });
    this.conversations = `${options.conversationsBaseUrl}/v1/Conversations`;
    this.flex = options.flexBaseUrl;
    this.workspace = `${options.taskRouterBaseUrl}/v1/Workspaces/${options.workspaceSid}`;
  }

  // ---- Flex ----

  createWebChat(fields: { addressSid: string; identity: string; chatFriendlyName: string; customerFriendlyName: string; preEngagementData?: string }) {
    return this.rest.post(`${this.flex}/v2/WebChats`, webChatSchema, {
      AddressSid: fields.addressSid,
      Identity: fields.identity,
      ChatFriendlyName: fields.chatFriendlyName,
      CustomerFriendlyName: fields.customerFriendlyName,
      PreEngagementData: fields.preEngagementData,
    });
  }

  createInteraction(conversationSid: string, workflowSid: string, taskAttributes: Record<string, unknown>) {
    return this.rest.post(`${this.flex}/v1/Interactions`, interactionSchema, {
      Channel: JSON.stringify({ type: 'web', initiated_by: 'customer', properties: { media_channel_sid: conversationSid } }),
      Routing: JSON.stringify({
        properties: {
          workspace_sid: this.options.workspaceSid,
          workflow_sid: workflowSid,
          task_channel_unique_name: this.options.taskChannel,
          attributes: taskAttributes,
        },
      }),
    });
  }

  closeInteractionChannel(interactionSid: string, channelSid: string) {
    return this.rest.post(`${this.flex}/v1/Interactions/${interactionSid}/Channels/${channelSid}`, z.unknown(), { Status: 'closed' });
  }

  // ---- Conversations ----

  createConversation(friendlyName: string, uniqueName: string) {
    return this.rest.post(this.conversations, conversationSchema, { FriendlyName: friendlyName, UniqueName: uniqueName });
  }

  /** Fetches a conversation by SID, or by the unique name it was created with. */
  fetchConversation(sidOrUniqueName: string) {
    return this.rest.get(`${this.conversations}/${encodeURIComponent(sidOrUniqueName)}`, conversationSchema);
  }

  closeConversation(conversationSid: string) {
    return this.rest.post(`${this.conversations}/${conversationSid}`, conversationSchema, { State: 'closed' });
  }

  addParticipant(conversationSid: string, identity: string, attributes: Record<string, unknown>) {
    return this.rest.post(`${this.conversations}/${conversationSid}/Participants`, participantSchema, {
      Identity: identity,
      Attributes: JSON.stringify(attributes),
    });
  }

  fetchParticipant(conversationSid: string, participantSid: string) {
    return this.rest.get(`${this.conversations}/${conversationSid}/Participants/${participantSid}`, participantSchema);
  }

  updateParticipant(conversationSid: string, participantSid: string, fields: { LastReadMessageIndex?: string; Attributes?: string }) {
    return this.rest.post(`${this.conversations}/${conversationSid}/Participants/${participantSid}`, participantSchema, fields);
  }

  listParticipants(conversationSid: string): Promise<ParticipantResource[]> {
    return this.rest.list(`${this.conversations}/${conversationSid}/Participants`, participantSchema, { PageSize: '100' });
  }

  /** The conversations `identity` takes part in (ParticipantConversations), with their state. */
  conversationsOf(identity: string) {
    return this.rest.list(`${this.options.conversationsBaseUrl}/v1/ParticipantConversations`, participantConversationSchema, { Identity: identity });
  }

  postMessage(conversationSid: string, author: string, body: string, clientMessageId: string) {
    return this.rest.post(`${this.conversations}/${conversationSid}/Messages`, messageSchema, {
      Author: author,
      Body: body,
      Attributes: JSON.stringify({ [CLIENT_MESSAGE_ID_ATTRIBUTE]: clientMessageId }),
    });
  }

  /** The messages after `afterIndex`, oldest first: read newest first, page by page, until reaching it. */
  async messagesAfter(conversationSid: string, afterIndex: number): Promise<MessageResource[]> {
    const url = `${this.conversations}/${conversationSid}/Messages`;
    const found: MessageResource[] = [];
    let next: string | undefined = url;
    let query: Record<string, string> = { Order: 'desc', PageSize: '100' };
    let reached = Infinity;
    while (next !== undefined) {
      const page: MessagePage = await this.rest.get(next, messagePageSchema, query);
      // Only what reaches further back than the pages before counts: a page read again (one naming itself as
      // next) adds nothing and ends the reading, which would otherwise go on forever, growing `found`.
      const older = page.messages.filter((message) => message.index < reached);
      const newer = older.filter((message) => message.index > afterIndex);
      found.push(...newer);
      reached = Math.min(reached, ...older.map((message) => message.index));
      next = older.length > 0 && newer.length === older.length && page.meta.next_page_url ? nextPageUrl(page.meta.next_page_url, next) : undefined;
      query = {};
    }
    return found.reverse();
  }

  /**
   * The message sent with the user side's `clientMessageId`, if one landed: among the newest 50, or, given
   * `afterIndex`, among all messages after it.
   */
  async findSentMessage(conversationSid: string, clientMessageId: string, afterIndex?: number): Promise<MessageResource | undefined> {
    const messages =
      afterIndex === undefined
        ? (await this.rest.get(`${this.conversations}/${conversationSid}/Messages`, messagePageSchema, { Order: 'desc', PageSize: '50' })).messages
        : await this.messagesAfter(conversationSid, afterIndex);
    return messages.find((message) => messageAttributesSchema.safeParse(safeJson(message.attributes)).data?.[CLIENT_MESSAGE_ID_ATTRIBUTE] === clientMessageId);
  }

  // ---- TaskRouter ----

  realTimeStatistics() {
    return this.rest.get(`${this.workspace}/TaskQueues/${this.options.taskQueueSid}/RealTimeStatistics`, realTimeStatisticsSchema, {
      TaskChannel: this.options.taskChannel,
    });
  }

  cumulativeStatistics() {
    return this.rest.get(`${this.workspace}/TaskQueues/${this.options.taskQueueSid}/CumulativeStatistics`, cumulativeStatisticsSchema, {
      Minutes: String(this.options.statisticsMinutes),
      TaskChannel: this.options.taskChannel,
    });
  }

  /** The queue's pending tasks, oldest first. */
  pendingTasks() {
    return this.rest.list(`${this.workspace}/Tasks`, taskSchema, {
      TaskQueueSid: this.options.taskQueueSid,
      AssignmentStatus: 'pending',
      Ordering: 'DateCreated:asc',
      PageSize: '100',
    });
  }
}
