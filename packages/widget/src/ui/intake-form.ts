import type { IntakeQuestion, JsonObject } from '@byosd/core';
import { element, labelled } from './dom.js';
import type { WidgetStrings } from '../i18n/strings.js';

/** The fields of the intake questions, and how to read their answers. */
export interface IntakeFields {
  nodes: HTMLElement[];
  /** The answers given, by question id (empty answers left out). */
  answers(): JsonObject;
}

export function intakeFields(questions: readonly IntakeQuestion[], strings: WidgetStrings): IntakeFields {
  const controls = questions.map((question) => ({ question, control: intakeControl(question) }));
  return {
    nodes: controls.map(({ question, control }) => {
      const label = question.labels?.[strings.language] ?? question.label;
      return labelled(question.required ? `${label} ${strings.required}` : label, control, `byosd-intake-${question.id}`);
    }),
    answers: () => Object.fromEntries(controls.map(({ question, control }) => [question.id, control.value.trim()]).filter(([, value]) => value !== '')),
  };
}

function intakeControl(question: IntakeQuestion): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
  const required: Record<string, string> = question.required ? { required: '', 'aria-required': 'true' } : {};
  if (question.type === 'textarea') return element('textarea', { attributes: { rows: '2', name: question.id, ...required } });
  if (question.type === 'select') {
    const blank = element('option', { text: '', attributes: { value: '' } });
    return element('select', { attributes: { name: question.id, ...required } }, [
      blank,
      ...(question.choices ?? []).map((choice) => element('option', { text: choice, attributes: { value: choice } })),
    ]);
  }
  const autocomplete = question.type === 'email' ? 'email' : question.type === 'tel' ? 'tel' : question.id === 'name' ? 'name' : 'on';
  return element('input', { attributes: { type: question.type ?? 'text', name: question.id, autocomplete, ...required } });
}
