/** Form fields as Twilio sends and takes them: a name with one value, or several for a repeated field. */
export type FormParams = Record<string, string | string[]>;

/** Decodes an `application/x-www-form-urlencoded` body; a repeated name becomes an array of its values. */
export function parseFormParams(body: string): FormParams {
  const params: FormParams = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const existing = params[name];
    params[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return params;
}

/** Encodes form fields, leaving out undefined ones; an array becomes a repeated field. */
export function toFormBody(fields: Readonly<Record<string, string | readonly string[] | undefined>>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const item of typeof value === 'string' ? [value] : value) body.append(name, item);
  }
  return body;
}
