/**
 * The script-tag build (`byosd-widget.iife.js`): registers `<byosd-chat>` and exposes the library as
 * `window.Byosd`. In-page adapters are separate bundles, so this one holds only the UI and the gateway client.
 */
import { defineChatElement } from './ui/chat-element.js';

export * from './index.js';

defineChatElement();
