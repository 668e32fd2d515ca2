/** Parses a Twilio attributes string (JSON); anything unreadable counts as no attributes. */
export function safeJson(text: string | null | undefined): unknown {
  try {
    return JSON.parse(text ?? '{}');
  } catch {
    return {};
  }
}
