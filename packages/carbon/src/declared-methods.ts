import type { ServiceDesk } from '@carbon/ai-chat';
import type { CarbonServiceDesk } from './carbon-service-desk.js';

/**
 * The desk as Carbon sees it. Carbon has no capability manifest: it infers what a desk supports from which
 * optional methods exist (a typing indicator for the agent, a reconnect after a reload, a check for agents before
 * the connect card). So only the methods of declared capabilities are there.
 */
export function carbonFacing(desk: CarbonServiceDesk): ServiceDesk {
  const declared = desk.capabilities;
  return {
    getName: () => desk.getName(),
    startChat: (connectMessage, options) => desk.startChat(connectMessage, options),
    endChat: (info) => desk.endChat(info),
    sendMessageToAgent: (message, messageID, additionalData) => desk.sendMessageToAgent(message, messageID, additionalData),
    ...(declared.agentAvailability ? { areAnyAgentsOnline: (connectMessage) => desk.areAnyAgentsOnline(connectMessage) } : {}),
    ...(declared.userTyping ? { userTyping: (isTyping) => desk.userTyping(isTyping) } : {}),
    ...(declared.userReadReceipts ? { userReadMessages: () => desk.userReadMessages() } : {}),
    ...(declared.fileUploads ? { filesSelectedForUpload: (uploads) => desk.filesSelectedForUpload(uploads) } : {}),
    ...(declared.resume ? { reconnect: () => desk.reconnect() } : {}),
  } satisfies ServiceDesk;
}
