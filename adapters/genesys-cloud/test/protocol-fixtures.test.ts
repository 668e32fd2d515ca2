import {
  clientFrameSchema,
  estimatedWaitTimeSchema,
  messageHistorySchema,
  oauthTokenResponseSchema,
  queueObservationResultSchema,
  serverFrameSchema,
} from '@byosd/adapter-genesys-cloud';
import { deployedOutboundFrameSchema } from './helpers/deployed-frames';
import { clientFrames, fixture, serverFrameFixtures, serverFrames } from './helpers/fixtures';

/** The documented frames (fixtures/*.json) are what the adapter's schemas accept, field for field. */
describe('the adapter reads the documented Genesys frames', () => {
  test.each(Object.entries(clientFrames))('client frame %s parses', (_name, frame) => {
    expect(clientFrameSchema.parse(frame)).toEqual(frame);
  });

  test.each(Object.entries(serverFrames))('server frame %s parses, nothing dropped', (_name, frame) => {
    expect(serverFrameSchema.parse(frame)).toEqual(frame);
  });

  test.each(Object.entries(serverFrameFixtures.frames))('server frame %s names where it comes from', (_name, { sources }) => {
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(Object.keys(serverFrameFixtures.sources)).toContain(source);
  });

  const outbound = Object.entries(serverFrames).filter(([, frame]) => (frame['body'] as { direction?: unknown })['direction'] === 'Outbound');

  test('the Outbound messages and events as deployed carry channel.time and channel.messageId; the documented bare examples do not', () => {
    const deployed = outbound.filter(([name]) => !name.endsWith('WithoutChannel'));
    expect(deployed.map(([name]) => name)).toEqual(expect.arrayContaining(['agentTyping', 'agentJoin', 'agentMessage', 'agentDisconnect']));
    for (const [name, frame] of deployed) expect({ name, parsed: deployedOutboundFrameSchema.safeParse(frame).success }).toEqual({ name, parsed: true });
    for (const [name, frame] of outbound.filter(([other]) => other.endsWith('WithoutChannel'))) {
      expect({ name, issue: deployedOutboundFrameSchema.safeParse(frame).error?.issues[0]?.path }).toEqual({ name, issue: ['body', 'channel'] });
    }
  });

  test('REST bodies parse: OAuth token, estimated wait, queue observations, message history', () => {
    expect(oauthTokenResponseSchema.parse(fixture('rest/oauth-token.json'))).toEqual(fixture('rest/oauth-token.json'));
    expect(estimatedWaitTimeSchema.parse(fixture('rest/estimated-wait-time.json'))).toEqual(fixture('rest/estimated-wait-time.json'));
    expect(queueObservationResultSchema.parse(fixture('rest/queue-observations.json'))).toEqual(fixture('rest/queue-observations.json'));
    expect(messageHistorySchema.parse(fixture('rest/message-history.json'))).toEqual(fixture('rest/message-history.json'));
  });

  test('a frame that breaks the protocol is refused, naming the field', () => {
    const result = serverFrameSchema.safeParse({ ...serverFrames['agentMessage'], body: { id: 'x', type: 'Text', direction: 'Sideways' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['body', 'direction']);
  });
});
