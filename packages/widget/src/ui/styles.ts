/**
 * The widget's styles, inside its shadow root. Theme it from the page with the custom properties below
 * (docs/widget.md lists them); they cross the shadow boundary, nothing else does.
 */
export const WIDGET_CSS = `
:host {
  --_accent: var(--byosd-accent, #0f62fe);
  --_accent-text: var(--byosd-accent-text, #ffffff);
  --_background: var(--byosd-background, #ffffff);
  --_surface: var(--byosd-surface, #f2f4f8);
  --_text: var(--byosd-text, #161616);
  --_muted: var(--byosd-muted, #525252);
  --_agent-bubble: var(--byosd-agent-bubble, #e8ebf0);
  --_error: var(--byosd-error, #da1e28);
  --_focus: var(--byosd-focus, #ff832b);
  --_radius: var(--byosd-radius, 14px);
  display: block;
  width: var(--byosd-width, 380px);
  height: var(--byosd-height, 580px);
  font: 15px/1.45 var(--byosd-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  color: var(--_text);
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.chat {
  display: flex; flex-direction: column; height: 100%;
  background: var(--_background); border-radius: var(--_radius); overflow: hidden;
  box-shadow: 0 10px 30px rgba(0, 0, 0, 0.14), 0 1px 3px rgba(0, 0, 0, 0.1);
}
header { background: var(--_accent); color: var(--_accent-text); padding: 14px 18px; }
h2 { margin: 0; font-size: 17px; font-weight: 600; }
.status { margin: 4px 0 0; font-size: 13px; opacity: 0.92; min-height: 1.45em; }
.error { margin: 0; padding: 8px 18px; background: #fff1f1; color: var(--_error); font-size: 14px; border-bottom: 1px solid #ffd7d9; }
.transcript { flex: 1; overflow-y: auto; margin: 0; padding: 14px 14px 4px; list-style: none; background: var(--_surface); }
.entry { display: flex; flex-direction: column; max-width: 82%; margin: 0 0 10px; }
.entry .author { font-size: 12px; color: var(--_muted); margin: 0 4px 2px; }
.entry .text { margin: 0; padding: 8px 12px; border-radius: 16px; white-space: pre-wrap; overflow-wrap: anywhere; }
.entry.agent .text { background: var(--_agent-bubble); border-bottom-left-radius: 4px; }
.entry.agent.error .text { background: #fff1f1; color: var(--_error); }
.entry.user { margin-left: auto; align-items: flex-end; }
.entry.user .text { background: var(--_accent); color: var(--_accent-text); border-bottom-right-radius: 4px; }
.entry .meta { font-size: 12px; color: var(--_muted); margin: 2px 4px 0; }
.entry.user.failed .meta { color: var(--_error); }
.notice { text-align: center; font-size: 12.5px; color: var(--_muted); margin: 4px 0 12px; }
.typing { margin: 0; padding: 2px 18px; min-height: 1.6em; font-size: 13px; font-style: italic; color: var(--_muted); background: var(--_surface); }
form, .ended-panel { padding: 12px 14px 14px; border-top: 1px solid #e0e0e0; display: flex; flex-direction: column; gap: 10px; }
.start-form { overflow-y: auto; }
h3 { margin: 0; font-size: 14px; font-weight: 600; }
.field { display: flex; flex-direction: column; gap: 4px; }
label { font-size: 13px; font-weight: 600; }
input, textarea, select {
  font: inherit; color: inherit; padding: 8px 10px; border: 1px solid #8d8d8d; border-radius: 8px; background: #fff; width: 100%;
}
textarea { resize: none; }
.composer textarea { min-height: 44px; max-height: 120px; }
.buttons { display: flex; gap: 8px; justify-content: flex-end; }
button {
  font: inherit; font-weight: 600; padding: 8px 16px; border-radius: 999px; cursor: pointer;
  border: 1px solid var(--_accent); background: var(--_accent); color: var(--_accent-text);
}
button.secondary { background: transparent; color: var(--_accent); }
button:disabled, textarea:disabled { opacity: 0.55; cursor: not-allowed; }
:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
.transcript:focus-visible { outline-offset: -3px; }
.ended-panel p { margin: 0; color: var(--_muted); }
`;
