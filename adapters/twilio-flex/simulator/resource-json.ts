import type { Conversation, Message, Participant, Task } from './flex-backend.js';

/** Twilio's JSON for each resource: snake_case keys, ISO dates, absolute URLs under the host that serves it. */

export function conversationJson(conversation: Conversation, accountSid: string, chatServiceSid: string, base: string) {
  const url = `${base}/v1/Conversations/${conversation.sid}`;
  return {
    sid: conversation.sid,
    account_sid: accountSid,
    chat_service_sid: chatServiceSid,
    messaging_service_sid: null,
    friendly_name: conversation.friendlyName,
    unique_name: conversation.uniqueName,
    attributes: conversation.attributes,
    state: conversation.state,
    timers: {},
    date_created: conversation.dateCreated.toISOString(),
    date_updated: conversation.dateUpdated.toISOString(),
    url,
    links: { participants: `${url}/Participants`, messages: `${url}/Messages`, webhooks: `${url}/Webhooks` },
  };
}

export function participantJson(participant: Participant, conversation: Conversation, accountSid: string, base: string) {
  return {
    sid: participant.sid,
    account_sid: accountSid,
    conversation_sid: conversation.sid,
    identity: participant.identity,
    attributes: participant.attributes,
    messaging_binding: null,
    role_sid: participant.roleSid,
    last_read_message_index: participant.lastReadMessageIndex,
    last_read_timestamp: null,
    date_created: participant.dateCreated.toISOString(),
    date_updated: participant.dateUpdated.toISOString(),
    url: `${base}/v1/Conversations/${conversation.sid}/Participants/${participant.sid}`,
  };
}

export function messageJson(message: Message, conversation: Conversation, accountSid: string, base: string) {
  return {
    sid: message.sid,
    account_sid: accountSid,
    conversation_sid: conversation.sid,
    index: message.index,
    author: message.author,
    body: message.body,
    media: null,
    attributes: message.attributes,
    participant_sid: message.participantSid,
    date_created: message.dateCreated.toISOString(),
    date_updated: message.dateCreated.toISOString(),
    delivery: null,
    url: `${base}/v1/Conversations/${conversation.sid}/Messages/${message.sid}`,
  };
}

export function taskJson(task: Task, accountSid: string, workspaceSid: string, taskQueueSid: string, workflowSid: string, base: string) {
  return {
    sid: task.sid,
    account_sid: accountSid,
    workspace_sid: workspaceSid,
    workflow_sid: workflowSid,
    task_queue_sid: taskQueueSid,
    task_channel_unique_name: 'chat',
    assignment_status: task.status,
    attributes: task.attributes,
    age: Math.floor((Date.now() - task.dateCreated.getTime()) / 1000),
    date_created: task.dateCreated.toISOString(),
    url: `${base}/v1/Workspaces/${workspaceSid}/Tasks/${task.sid}`,
  };
}
