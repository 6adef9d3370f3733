// Which responses can be an OpenAPI document: JSON, YAML and plain text yes, web pages no.

/** How a response's content type is judged for a definition. */
export type ContentKind = 'document' | 'maybe-document' | 'html' | 'other';

/** The media type of a Content-Type header: lower case, without parameters ('' when absent). */
export function mediaTypeOf(header: string | null | undefined): string {
  return (header ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

/** The charset parameter of a Content-Type header, when one is given. */
export function charsetOf(header: string | null | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header ?? '');
  return match?.[1]?.toLowerCase();
}

const DOCUMENT_TYPES = new Set([
  'application/json',
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/x-yaml',
  'application/vnd.oai.openapi',
  'application/openapi+json',
  'application/openapi+yaml',
  'text/json',
]);

// Types that a server may use for a raw file (GitHub raw, S3, plain static servers); the body is sniffed for HTML.
const GENERIC_TYPES = new Set(['', 'text/plain', 'application/octet-stream', 'binary/octet-stream']);

/** Classifies a media type for a definition download. */
export function classifyMediaType(mediaType: string): ContentKind {
  if (DOCUMENT_TYPES.has(mediaType) || mediaType.endsWith('+json') || mediaType.endsWith('+yaml')) return 'document';
  if (GENERIC_TYPES.has(mediaType)) return 'maybe-document';
  if (mediaType === 'text/html' || mediaType === 'application/xhtml+xml') return 'html';
  return 'other';
}

/** True when a body that claimed a generic type is in fact an HTML page. */
export function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text.slice(0, 1024));
}
