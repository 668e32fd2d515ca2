/** What `element` sets on a new element. Text is always set as text: untrusted content never becomes markup. */
export interface ElementProps {
  className?: string;
  text?: string;
  attributes?: Record<string, string>;
}

/** Creates an element with a class, text, attributes and children; the widget builds all its DOM with it. */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, children: Node[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className !== undefined) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attributes ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** A label and its control, tied by a fresh id. */
export function labelled<C extends HTMLElement>(labelText: string, control: C, idPrefix: string): HTMLElement {
  control.id = `${idPrefix}-${Math.random().toString(36).slice(2, 10)}`;
  return element('div', { className: 'field' }, [element('label', { text: labelText, attributes: { for: control.id } }), control]);
}
