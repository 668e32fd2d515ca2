import { element, labelled } from '@byosd/widget';
import type { DemoBackend } from './demo-catalog.js';
import type { Mode } from './demo-desk-source.js';

/** A `<select>` of `[value, text]` options with `selected` chosen, calling `onChange` with the new value. */
export function choiceSelect(options: Array<[string, string]>, selected: string, onChange: (value: string) => void): HTMLSelectElement {
  const control = element(
    'select',
    {},
    options.map(([value, text]) => element('option', { text, attributes: value === selected ? { value, selected: '' } : { value } })),
  );
  control.addEventListener('change', () => onChange(control.value));
  return control;
}

/**
 * The choices every demo page has: the backend, and where its adapter runs (in the page only when it can). A choice
 * reloads the page with it in the URL (`choose`), which is where the pages keep it.
 */
export function backendAndModeChoices(
  backends: DemoBackend[],
  backend: DemoBackend,
  mode: Mode,
  choose: (changes: Record<string, string>) => void,
): HTMLElement[] {
  const modes: Array<[string, string]> = [
    ['gateway', 'On the gateway (proxy desk)'],
    ...(backend.inPage ? [['in-page', 'In the page'] as [string, string]] : []),
  ];
  return [
    labelled(
      'Backend',
      choiceSelect(
        backends.map((candidate) => [candidate.name, `${candidate.name}: ${candidate.description}`]),
        backend.name,
        (value) => choose({ backend: value, mode: 'gateway' }),
      ),
      'demo-backend',
    ),
    labelled(
      'Adapter runs',
      choiceSelect(modes, mode, (value) => choose({ mode: value })),
      'demo-mode',
    ),
  ];
}
