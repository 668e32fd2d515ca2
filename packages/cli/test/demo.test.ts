import { runDemo } from '@byosd/cli';

test('the demo prints a whole scripted chat, from the queue to the end', async () => {
  const lines: string[] = [];
  const events = await runDemo({ print: (line) => lines.push(line) });
  const transcript = lines.join('\n');
  expect(transcript).toContain('agents online? true');
  expect(transcript).toMatch(/\[queue: position 1, about 1 min\]/);
  expect(transcript).toContain('[Sam joined]');
  expect(transcript).toContain('agent > You said: "My parcel should go to 12 Harbour Street instead."');
  expect(transcript).toContain('[transferring to Alex]');
  expect(transcript).toContain('[Alex joined]');
  expect(transcript).toContain('[chat is ended]');
  const seqs = events.map((event) => event.seq);
  expect(seqs).toEqual(seqs.map((_, index) => index + 1));
});
