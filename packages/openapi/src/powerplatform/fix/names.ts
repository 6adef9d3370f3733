/** Naming helpers for fixes: labels, summaries and operationIds derived from names and paths. */

/** Splits identifiers like `page_size`, `X-Request-Id`, `petId`, `HTTPServer` into words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** `page_size` → `Page Size` (the x-ms-summary convention). */
export function titleCase(name: string): string {
  const result = words(name)
    .map((w) => (w === w.toUpperCase() && w.length > 1 ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');
  return result === '' ? name : result;
}

/** `GetPetById` → `Get pet by id` (summary convention: sentence case). */
export function sentenceCase(name: string): string {
  const list = words(name).map((w, i) =>
    i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w === w.toUpperCase() && w.length > 1 ? w : w.toLowerCase(),
  );
  return list.join(' ');
}

const METHOD_VERBS: Record<string, string> = {
  get: 'Get',
  post: 'Create',
  put: 'Replace',
  patch: 'Update',
  delete: 'Delete',
  head: 'Head',
  options: 'Options',
  trace: 'Trace',
};

/** `get /pets/{petId}/toys` → `GetPetsByPetIdToys`: a readable, valid operationId for an unnamed operation. */
export function operationIdFrom(method: string, path: string): string {
  const parts = path
    .split('/')
    .filter((s) => s !== '')
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      const text = words(param ? param[1]! : segment)
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join('');
      return param ? `By${text}` : text;
    });
  return sanitizeOperationId(`${METHOD_VERBS[method] ?? method}${parts.join('')}`) || 'Operation';
}

/** `Gists_list-public` → `Gists_listPublic`: keeps letters, digits and `_`, camel-casing across dropped characters. */
export function sanitizeOperationId(id: string): string {
  // One pass (every operation of a large API comes through here): a run of other characters is dropped and the
  // kept character after it is upper-cased, unless nothing was kept before it.
  let result = '';
  let upper = false;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    const lower = c >= 97 && c <= 122;
    if (!(lower || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) {
      upper = result !== '';
      continue;
    }
    result += upper && lower ? String.fromCharCode(c - 32) : id[i];
    upper = false;
  }
  const first = result.charCodeAt(0);
  return first >= 48 && first <= 57 ? `Op${result}` : result;
}

/** Cuts text to at most `max` characters, preferring a clause boundary, then a word boundary; no trailing punctuation. */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text.replace(/[^\p{L}\p{N})]+$/u, '');
  const head = text.slice(0, max + 1);
  const clause = Math.max(
    head.lastIndexOf(', '),
    head.lastIndexOf('; '),
    head.lastIndexOf(' - '),
    head.lastIndexOf(' ('),
  );
  let cut = clause >= max / 2 ? head.slice(0, clause) : head.replace(/\s+\S*$/, '');
  if (cut === '' || cut.length > max) cut = text.slice(0, max);
  return cut.replace(/[^\p{L}\p{N})]+$/u, '');
}
