import { entryKey, type TranscriptEntry } from '../client/transcript.js';
import type { WidgetStrings } from '../i18n/strings.js';
import { element } from './dom.js';

/**
 * Renders the transcript into its list, adding new entries and updating changed ones in place, so that screen
 * readers announce each new line once (the list is an ARIA log) and scrolling stays where the user left it.
 */
export class TranscriptView {
  private readonly rendered = new Map<string, { entry: TranscriptEntry; node: HTMLElement }>();

  constructor(private readonly list: HTMLElement) {}

  render(entries: readonly TranscriptEntry[], strings: WidgetStrings): void {
    const nearBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
    let added = false;
    for (const entry of entries) {
      const key = entryKey(entry);
      const existing = this.rendered.get(key);
      if (existing?.entry === entry) continue;
      const node = entryNode(entry, strings);
      if (existing) existing.node.replaceWith(node);
      else {
        this.list.append(node);
        added = true;
      }
      this.rendered.set(key, { entry, node });
    }
    if (entries.length < this.rendered.size) this.clear(entries); // A new chat started.
    if (added && nearBottom) this.list.scrollTop = this.list.scrollHeight;
  }

  /** Drops every line (a new chat, or another language). */
  reset(): void {
    this.rendered.clear();
    this.list.replaceChildren();
  }

  private clear(entries: readonly TranscriptEntry[]): void {
    const keep = new Set(entries.map(entryKey));
    for (const [key, { node }] of this.rendered) {
      if (keep.has(key)) continue;
      node.remove();
      this.rendered.delete(key);
    }
  }
}

function entryNode(entry: TranscriptEntry, strings: WidgetStrings): HTMLElement {
  switch (entry.kind) {
    case 'notice':
      return element('li', { className: 'notice', text: noticeText(entry, strings) });
    case 'agent':
      return element('li', { className: entry.isError ? 'entry agent error' : 'entry agent' }, [
        element('span', { className: 'author', text: entry.agentName || strings.agent }),
        element('p', { className: 'text', text: entry.text }),
      ]);
    case 'user': {
      const meta = entry.status === 'sending' ? strings.sending : entry.status === 'failed' ? strings.failed : '';
      return element('li', { className: `entry user ${entry.status}` }, [
        element('span', { className: 'author', text: strings.you }),
        element('p', { className: 'text', text: entry.text }),
        ...(meta ? [element('span', { className: 'meta', text: meta })] : []),
      ]);
    }
  }
}

function noticeText(entry: Extract<TranscriptEntry, { kind: 'notice' }>, strings: WidgetStrings): string {
  const name = entry.agentName || strings.agent;
  switch (entry.notice) {
    case 'agentJoined':
      return strings.agentJoined(name);
    case 'agentLeft':
      return strings.agentLeft(name);
    case 'transfer':
      return strings.transfer(entry.agentName);
    case 'agentEnded':
      return strings.agentEnded(name);
    case 'userEnded':
      return strings.userEnded;
  }
}
