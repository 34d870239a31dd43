// `--form total=12000EUR,category=software`: the words of a form as an admin types them, turned
// into raw values for the flow's own form validation (which parses money, dates and choices).
export type FormText = { ok: true; raw: Record<string, string> } | { ok: false; message: string };

// a comma starts a new field only before "id=": "total=7,200 EUR" keeps its comma
const FIELD_START = /,(?=\s*[a-z][a-z0-9_-]{0,62}\s*=)/;

export function parseFormText(parts: readonly string[]): FormText {
  const raw: Record<string, string> = {};
  for (const part of parts) {
    if (part.trim() === '') continue;
    for (const pair of part.split(FIELD_START)) {
      const eq = pair.indexOf('=');
      const key = pair.slice(0, eq).trim();
      if (eq < 0 || !/^[a-z][a-z0-9_-]{0,62}$/.test(key)) return { ok: false, message: `expected field=value, got ${JSON.stringify(pair.slice(0, 60))}` };
      if (Object.hasOwn(raw, key)) return { ok: false, message: `field ${key} is given twice` };
      raw[key] = pair.slice(eq + 1).trim();
    }
  }
  return { ok: true, raw };
}
