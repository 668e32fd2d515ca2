import { type ChatEvent, connectMessage, loadServiceDesk, messageText, randomId, type ServiceDeskRegistry, waitForEvent } from '@byosd/core';

export interface DemoOptions {
  registry?: ServiceDeskRegistry;
  /** Where the transcript goes. Default: stdout. */
  print?: (line: string) => void;
  /** How long to wait for each expected event. Default 10 s. */
  stepTimeoutMs?: number;
}

/**
 * A scripted chat with the example adapter's auto agent, printed as it happens: escalate, wait in the queue,
 * the agent joins and greets, two messages each way, a transfer to another agent, and the user ends the chat.
 */
export async function runDemo(options: DemoOptions = {}): Promise<ChatEvent[]> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const stepTimeoutMs = options.stepTimeoutMs ?? 10_000;
  const desk = await loadServiceDesk('example', {}, undefined, options.registry ? { registry: options.registry } : {});
  const waitFor = (what: string, type: ChatEvent['type']) => waitForEvent(desk.events, (event) => event.type === type, what, { timeoutMs: stepTimeoutMs });
  const seen: ChatEvent[] = [];
  desk.events.subscribe((event) => {
    seen.push(event);
    const line = describe(event);
    if (line) print(line);
  });
  const say = async (text: string) => {
    print(`            you > ${text}`);
    await desk.sendMessageToAgent({ input: { text } }, randomId());
  };

  print(`byosd demo: a scripted chat with the "${desk.getName()}" adapter\n`);
  print(`  agents online? ${String(await desk.areAnyAgentsOnline(connectMessage('availability')))}`);
  const greeting = waitFor('the greeting', 'sendMessageToUser');
  await desk.startChat(connectMessage('I want to change my delivery address'), { preStartChatPayload: { name: 'Robin', orderId: 'A-1042' } });
  await greeting;
  let reply = waitFor('a reply', 'sendMessageToUser');
  await say('My parcel should go to 12 Harbour Street instead.');
  await reply;
  const newAgent = waitFor('the new agent', 'agentJoined');
  await say('/transfer');
  await newAgent;
  reply = waitFor('a reply', 'sendMessageToUser');
  await say('Thanks, that is all.');
  await reply;
  await desk.endChat();
  print('\nThe chat has ended. Run `npm test` to run the test suites.');
  return seen;
}

function describe(event: ChatEvent): string | undefined {
  const seq = `#${String(event.seq).padStart(2, '0')}`;
  switch (event.type) {
    case 'chatStateChanged':
      return `${seq} [chat is ${event.state}]`;
    case 'updateAgentAvailability':
      return `${seq} [queue: position ${event.availability.position_in_queue ?? '?'}, about ${event.availability.estimated_wait_time ?? '?'} min]`;
    case 'agentJoined':
      return `${seq} [${event.profile.nickname} joined]`;
    case 'sendMessageToUser':
      return `${seq}          agent > ${messageText(event.message)}`;
    case 'agentTyping':
      return `${seq} [agent ${event.isTyping ? 'is typing…' : 'stopped typing'}]`;
    case 'agentReadMessages':
      return `${seq} [agent read your messages]`;
    case 'beginTransferToAnotherAgent':
      return `${seq} [transferring to ${event.profile?.nickname ?? 'another agent'}]`;
    case 'agentLeftChat':
      return `${seq} [the agent left]`;
    case 'agentEndedChat':
      return `${seq} [the agent ended the chat]`;
    case 'userMessageSent':
    case 'updatePersistedState':
      return undefined;
    case 'setErrorStatus':
      return `${seq} [error: ${event.info.type}]`;
    default:
      return `${seq} [${event.type}]`;
  }
}
