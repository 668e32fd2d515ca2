import { estimateQueue, MessageSequencer, type SequencedMessage } from '../src/index.js';

const message = (index: number, sid = `IM${index}`): SequencedMessage => ({ sid, index, author: 'ada', body: `message ${index}`, participant_sid: null });

function sequencer() {
  const delivered: number[] = [];
  return { delivered, sequencer: new MessageSequencer((passed) => delivered.push(passed.index)) };
}

describe('MessageSequencer', () => {
  it('passes messages on in index order, once each, whatever order and how often they arrive', () => {
    const { delivered, sequencer: order } = sequencer();
    for (const index of [1, 0, 0, 3, 2, 1, 4]) order.accept(message(index));
    expect(delivered).toEqual([0, 1, 2, 3, 4]);
    expect(order.waiting).toBe(false);
  });

  it('holds what follows a gap, and passes everything on once the missing ones are read over REST', () => {
    const { delivered, sequencer: order } = sequencer();
    order.accept(message(0));
    order.accept(message(3));
    order.accept(message(4));
    expect(delivered).toEqual([0]);
    expect(order.waiting).toBe(true);
    // Twilio skipped index 1: the REST list has 2, 3 and 4 only.
    order.catchUp([message(4), message(2), message(3)]);
    expect(delivered).toEqual([0, 2, 3, 4]);
    expect(order.waiting).toBe(false);
    expect(order.lastIndex).toBe(4);
  });

  it('drops a repeated MessageSid even under another index', () => {
    const { delivered, sequencer: order } = sequencer();
    order.accept(message(0, 'IMsame'));
    order.catchUp([message(1, 'IMsame'), message(2)]);
    expect(delivered).toEqual([0, 2]);
  });
});

describe('estimateQueue', () => {
  it('puts the chat after the pending tasks created before it, and waits the average acceptance time per place', () => {
    expect(estimateQueue({ pendingConversationSids: ['CHa', 'CHb', 'CHme', 'CHc'], averageAcceptanceSeconds: 120 }, 'CHme')).toEqual({
      position_in_queue: 3,
      estimated_wait_time: 6,
    });
  });

  it('says at least one minute, gives the position alone without an average, and nothing once the task is no longer pending', () => {
    expect(estimateQueue({ pendingConversationSids: ['CHme'], averageAcceptanceSeconds: 5 }, 'CHme')).toEqual({ position_in_queue: 1, estimated_wait_time: 1 });
    expect(estimateQueue({ pendingConversationSids: ['CHa', 'CHme'], averageAcceptanceSeconds: null }, 'CHme')).toEqual({ position_in_queue: 2 });
    expect(estimateQueue({ pendingConversationSids: ['CHa'], averageAcceptanceSeconds: 60 }, 'CHme')).toBeUndefined();
  });
});
