/**
 * @byosd/widget: the browser client and chat UI. `openDesk` loads an adapter in the page or through a gateway with
 * one API; `ChatController` runs a chat without a UI (events, session storage, resume); `<byosd-chat>` is the UI.
 * Browser only. The demo page, the agent console, the demo server and the bundle build are in the private
 * `packages/demo`.
 */
export { openDesk, deskSourceSchema, sourceAdapterName, type DeskSource, type OpenDeskParams } from './client/desk-source.js';
export { ChatController, type ChatControllerOptions, type ChatView, type ChatViewListener, type WidgetError } from './client/chat-controller.js';
export { ChatStorage, type StoredChat } from './client/chat-storage.js';
export { entryKey, NOTICE_KINDS, type NoticeKind, type TranscriptEntry } from './client/transcript.js';
export { parseWidgetConfig, widgetConfigSchema, type WidgetConfig, type WidgetConfigInput } from './client/widget-config.js';
export { stringsFor, WIDGET_STRINGS, widgetLocaleSchema, type WidgetLocale, type WidgetStrings } from './i18n/strings.js';
export { ByosdChatElement, defineChatElement } from './ui/chat-element.js';
export { statusText } from './ui/status-text.js';
export { element, labelled } from './ui/dom.js';
