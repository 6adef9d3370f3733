/** Turns API errors into words a maker understands: the server's sentence plus, for some codes, what to do. */
import { ApiError } from './client.ts';

// The server's messages already name the place and the fix; these add what to do where they cannot.
const HINTS: Record<string, string> = {
  network: 'Reload the page when the server is back.',
  unauthenticated: 'Sign in again to go on.',
  session_expired: 'Sign in again to go on.',
  csrf_failed: 'Reload the page and try again.',
  forbidden: 'Ask an administrator or the owner for a role that allows it.',
  draft_not_found: 'The upload expired; start again from the first step.',
  internal_error: 'Try again; if it keeps failing, an administrator can look at the server log.',
};

/** What went wrong and what to do, for display. */
export function describeError(error: unknown): { message: string; hint?: string; details: string[] } {
  if (error instanceof ApiError) {
    return { message: error.message, hint: HINTS[error.code], details: detailLines(error.details) };
  }
  if (error instanceof Error) return { message: error.message, details: [] };
  return { message: 'Something went wrong.', details: [] };
}

/** True when the error means the caller has to sign in (again). */
export function needsSignIn(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'unauthenticated' || error.code === 'session_expired');
}

function detailLines(details: unknown): string[] {
  if (!details) return [];
  const list = Array.isArray(details)
    ? details
    : typeof details === 'object' && Array.isArray((details as { findings?: unknown }).findings)
      ? (details as { findings: unknown[] }).findings
      : typeof details === 'object' && Array.isArray((details as { issues?: unknown }).issues)
        ? (details as { issues: unknown[] }).issues
        : [];
  return list.slice(0, 8).map((item) => {
    if (typeof item === 'string') return item;
    if (item && typeof item === 'object') {
      const d = item as { message?: unknown; pointer?: unknown; line?: unknown; path?: unknown };
      const where = [d.pointer ?? d.path, d.line ? `line ${d.line}` : undefined].filter(Boolean).join(', ');
      return `${String(d.message ?? JSON.stringify(item))}${where ? ` (${where})` : ''}`;
    }
    return String(item);
  });
}
