// eslint-disable-next-line no-control-regex -- escaping control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Server text made safe to print: control characters (ANSI escapes, CR, LF, BEL …) and the bidi
 * controls that reorder a line (U+202A–U+202E, U+2066–U+2069) written as `\u001b`-style escapes,
 * so text from a server can neither rewrite a terminal nor forge a log line.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
