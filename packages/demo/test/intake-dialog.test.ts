import { IntakeDialog } from '../src/page/intake-dialog.js';

const questions = [
  { id: 'name', label: 'Your name', required: true },
  { id: 'email', label: 'Your e-mail address', type: 'email' as const, required: true },
  { id: 'topic', label: 'Topic', type: 'select' as const, choices: ['billing', 'orders'], required: true },
  { id: 'phone', label: 'Your phone number', type: 'tel' as const },
];

describe('the intake dialog a chat UI without a pre-chat form runs in the conversation', () => {
  test('asks each required question in turn, then escalates the first question with the answers', () => {
    const dialog = new IntakeDialog(questions);
    expect(dialog.turn('Where is my order?')).toEqual({ ask: 'Your name?' });
    expect(dialog.turn('Ada')).toEqual({ ask: 'Your e-mail address?' });
    expect(dialog.turn('ada@example.com')).toEqual({ ask: 'Topic? (billing, orders)' });
    expect(dialog.turn('orders')).toEqual({ escalate: 'Where is my order?', answers: { name: 'Ada', email: 'ada@example.com', topic: 'orders' } });
    expect(dialog.lastAnswers).toEqual({ name: 'Ada', email: 'ada@example.com', topic: 'orders' });
  });

  test('asks again, saying why, when an answer is empty, not an e-mail address, or not a choice', () => {
    const dialog = new IntakeDialog(questions);
    dialog.turn('Help');
    expect(dialog.turn('')).toEqual({ ask: 'I need an answer to go on. Your name?' });
    dialog.turn('Ada');
    expect(dialog.turn('ada at example')).toEqual({ ask: 'That does not look like an e-mail address. Your e-mail address?' });
    dialog.turn('ada@example.com');
    expect(dialog.turn('returns')).toEqual({ ask: 'Please answer with one of: billing, orders. Topic?' });
    expect(dialog.lastAnswers).toEqual({ name: 'Ada', email: 'ada@example.com' });
  });

  test('answers given before a reload are not asked again', () => {
    const dialog = new IntakeDialog(questions, { name: 'Ada', email: 'ada@example.com' });
    expect(dialog.turn('Help')).toEqual({ ask: 'Topic? (billing, orders)' });
  });

  test('a label that is a question already is asked as it is', () => {
    const dialog = new IntakeDialog([{ id: 'name', label: 'What is your name?', required: true }]);
    expect(dialog.turn('Help')).toEqual({ ask: 'What is your name?' });
  });

  test('a backend without required questions escalates at once, and a later escalation reuses the answers', () => {
    expect(new IntakeDialog([questions[3]!]).turn('Help')).toEqual({ escalate: 'Help', answers: {} });
    const dialog = new IntakeDialog(questions.slice(0, 1));
    dialog.turn('First question');
    dialog.turn('Ada');
    expect(dialog.turn('Second question')).toEqual({ escalate: 'Second question', answers: { name: 'Ada' } });
  });
});
