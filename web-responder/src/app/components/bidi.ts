/**
 * Sender-controlled strings (alert names, labels, services…) may carry bidi controls such as
 * U+202E (right-to-left override), which reorder everything after them up to the end of the
 * paragraph. Templates isolate such values (`<bdi>` or `dir="auto"` + `unicode-bidi: isolate`);
 * these helpers split strings the server composed from them, so each embedded value can be
 * isolated on its own and cannot disguise the words around it.
 */

/** A piece of a composed string; `iso` pieces came from a sender and are rendered isolated. */
export interface TextPart {
  text: string;
  iso: boolean;
}

const MORE_SUFFIX = / \(\+\d+ more\)$/;

/**
 * A situation title as the workflow builds it: `<alert> on <service> in <env> (+n more)`.
 * The summary's own service and environment locate the pieces; a title of any other shape is
 * one isolated piece, which still keeps it from reordering the text around it.
 */
export function titleParts(title: string, service: string | null, environment: string | null): TextPart[] {
  const more = MORE_SUFFIX.exec(title)?.[0] ?? '';
  const head = title.slice(0, title.length - more.length);
  const where = [service, environment].filter((v): v is string => !!v);
  const tail = where.length > 0 ? ` on ${where.join(' in ')}` : '';
  if (!tail || head.length <= tail.length || !head.endsWith(tail)) return [{ text: title, iso: true }];
  const parts: TextPart[] = [{ text: head.slice(0, head.length - tail.length), iso: true }];
  where.forEach((value, i) => parts.push({ text: i === 0 ? ' on ' : ' in ', iso: false }, { text: value, iso: true }));
  if (more) parts.push({ text: more, iso: false });
  return parts;
}

/**
 * A message that starts with a sender-controlled value (an alert name, a user's email):
 * that value isolated, the server's wording after it plain. Otherwise the whole message is
 * one isolated piece.
 */
export function leadingParts(message: string, lead: string | null | undefined): TextPart[] {
  if (!lead || message.length <= lead.length || !message.startsWith(lead)) return [{ text: message, iso: true }];
  return [
    { text: lead, iso: true },
    { text: message.slice(lead.length), iso: false },
  ];
}
