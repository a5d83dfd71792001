/**
 * A lone UTF-16 surrogate (matched per code unit): Postgres (UTF-8) cannot store it, and it is
 * no text anyone typed. REST refuses it (400); ingest replaces it (normalize/values.ts).
 */
export const LONE_SURROGATE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const BAD = new RegExp(`\\u0000|${LONE_SURROGATE}`);
const BAD_ALL = new RegExp(`\\u0000|${LONE_SURROGATE}`, 'g');

/**
 * Why `s` cannot be stored as text, or undefined when it can. Postgres refuses U+0000 in
 * text and jsonb ("invalid byte sequence for encoding UTF8: 0x00"), which surfaced as a 500
 * (or, through a retried activity, a 503) instead of a 400 naming the input.
 */
export function textProblem(s: string): string | undefined {
  if (!BAD.test(s)) return undefined;
  return s.includes('\u0000')
    ? 'must not contain a NUL character (U+0000)'
    : 'must be well-formed Unicode (it has a lone surrogate)';
}

/** `s` with NULs and lone surrogates written as \uXXXX, to name a field without echoing them. */
export function printable(s: string): string {
  return s.replace(BAD_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
