import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startTestGateway, type TestGateway } from './helpers/test-gateway.js';

/** examples/python-client, a client written from the docs alone, run against a live gateway. */

const CLIENT = join(__dirname, '..', '..', '..', 'examples', 'python-client', 'byosd_chat.py');

/** The first Python 3 that has `websockets` (Debian's python3-websockets lives with /usr/bin/python3). */
function findPython(): string {
  const found = ['python3', '/usr/bin/python3'].find((python) => spawnSync(python, ['-c', 'import websockets']).status === 0);
  if (!found) throw new Error('This test needs python3 with the websockets package: apt-get install python3-websockets (or pip install websockets)');
  return found;
}

function run(python: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(python, [CLIENT, ...args], { timeout: 30_000 }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

let test_: TestGateway;

beforeEach(async () => {
  test_ = await startTestGateway();
});

afterEach(async () => {
  await test_.close();
});

test('the Python client starts a chat, talks with the agent, resumes after a drop and ends the chat', async () => {
  const python = findPython();
  // The agent: accepts every chat, and answers the first message.
  test_.desk.onChatStarted((chat) => setImmediate(() => test_.desk.accept(chat.id, { id: 'agent-1', name: 'Sam' })));
  test_.desk.onUserMessage((chat, message) => {
    if (message.text === 'My invoice is wrong') setImmediate(() => test_.desk.say(chat.id, 'Let me look at it.'));
  });

  const result = await run(python, [test_.gateway.url, '--adapter', 'example', '--text', 'My invoice is wrong']);

  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  const lines = result.stdout.trim().split('\n');
  // The agent's answer comes live or, when it came while the connection was down, replayed on resume: once either way.
  expect(lines.filter((line) => line === 'agent says: Let me look at it.')).toHaveLength(1);
  const story = lines.filter((line) => /^(agent joined|you said|resumed|chat ended)/.test(line));
  expect(story).toEqual(['agent joined: Sam', 'you said: My invoice is wrong', 'resumed: True in state connected', 'you said: Thanks, bye', 'chat ended']);
  expect(lines).toContain('chat state: ended');
  const [chat] = test_.desk.allChats();
  expect(chat?.received.map((message) => message.text)).toEqual(['My invoice is wrong', 'Thanks, bye']);
  expect(chat?.endedBy).toBe('user');
});
