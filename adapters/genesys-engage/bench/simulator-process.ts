/**
 * The simulator of the polling benchmark, in a process of its own so that the server and the 500 adapters do not
 * share one event loop: the benchmark measures the polling policy, not one core's saturation. Driven over the
 * IPC channel by polling-bench.ts.
 */
import { GenesysEngageSimulator } from '../simulator/index.js';

export type SimulatorCommand =
  | { op: 'waitForChat'; topic: string }
  | { op: 'accept'; chatId: string; agent: { id: string; name: string } }
  | { op: 'type'; chatId: string; isTyping: boolean }
  /** Answers when GWS holds the message (Date.now(), comparable across processes on one machine). */
  | { op: 'say'; chatId: string; text: string }
  /** Polling requests (customer API GETs: message polls, chat reads) received in [from, to) for the given chats. */
  | { op: 'count'; from: number; to: number; chatIds: string[] }
  /** When each messages poll of the given chats arrived since the recorder was cleared, by chat, in order. */
  | { op: 'pollTimes'; chatIds: string[] }
  | { op: 'clearRecorder' }
  | { op: 'stop' };

export interface SimulatorRequest {
  id: number;
  command: SimulatorCommand;
}

export interface SimulatorReply {
  id: number;
  result?: unknown;
  error?: string;
}

const CHAT_IN_PATH = /\/api\/v2\/(?:chats|me\/chat)\/([^/?]+)/;

async function main(): Promise<void> {
  const simulator = new GenesysEngageSimulator({ seed: 2026 });
  await simulator.start();
  const run = async (command: SimulatorCommand): Promise<unknown> => {
    switch (command.op) {
      case 'waitForChat':
        return (await simulator.agent.waitForChat(command.topic, 60_000)).chatId;
      case 'accept':
        return simulator.agent.accept(command.chatId, command.agent);
      case 'type':
        return simulator.agent.type(command.chatId, command.isTyping);
      case 'say':
        await simulator.agent.say(command.chatId, command.text);
        return Date.now();
      case 'count': {
        const ids = new Set(command.chatIds);
        return simulator.recorder.all().filter((entry) => {
          if (entry.method !== 'GET' || entry.at < command.from || entry.at >= command.to) return false;
          const chatId = CHAT_IN_PATH.exec(entry.path)?.[1];
          return chatId !== undefined && ids.has(chatId);
        }).length;
      }
      case 'pollTimes': {
        const times: Record<string, number[]> = Object.fromEntries(command.chatIds.map((chatId) => [chatId, []]));
        for (const entry of simulator.recorder.all()) {
          const chatId = CHAT_IN_PATH.exec(entry.path)?.[1];
          if (entry.method === 'GET' && entry.path.includes('/messages') && chatId !== undefined) times[chatId]?.push(entry.at);
        }
        return times;
      }
      case 'clearRecorder':
        return simulator.recorder.clear();
      case 'stop':
        await simulator.stop();
        // The reply goes out first; then the channel closes and the process ends.
        setImmediate(() => process.disconnect?.());
        return undefined;
    }
  };
  process.on('message', (request: SimulatorRequest) => {
    run(request.command).then(
      (result) => process.send?.({ id: request.id, result } satisfies SimulatorReply),
      (error: unknown) => process.send?.({ id: request.id, error: String(error) } satisfies SimulatorReply),
    );
  });
  process.send?.({ id: 0, result: { baseUrl: simulator.baseUrl, contactCenterId: simulator.contactCenterId } } satisfies SimulatorReply);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
