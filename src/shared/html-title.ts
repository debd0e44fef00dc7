import { printable } from "./printable.js";

/**
 * The `<title>` of an HTML page (a login page, a gateway's error page) when `text` is one, trimmed
 * and at most `max` characters, control characters escaped: a readable stand-in for a body that is
 * not what was asked for.
 */
export function htmlTitle(text: string, max = 200): string | undefined {
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  return title ? printable(title.slice(0, max)) : undefined;
}
