/** The most of a truncated error body a problem keeps as its excerpt. */
const EXCERPT_CHARS = 2_000;

/**
 * What stands in for a JSON error body cut at the client's keep-limit, which no longer parses: the
 * problem's own fields read from what arrived (`title`, `detail`, `code`, `traceId`, `type`), the
 * status, an excerpt, and `truncated: true`. So `error` keeps its problem shape, and users keep the
 * traceId support asks for, however large the body.
 */
export function truncatedProblem(text: string, status: number, statusText: string): Record<string, unknown> {
  const field = (name: string): unknown => {
    // The first `"name": "…"` or `"name": 123` at any depth: a cut body has no end to parse to.
    const found = new RegExp(`"${name}"\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"|-?\\d+(?:\\.\\d+)?)`).exec(text)?.[1];
    if (found === undefined) return undefined;
    try {
      return JSON.parse(found) as unknown;
    } catch {
      return undefined;
    }
  };
  const problem: Record<string, unknown> = { status, title: field("title") ?? (statusText || `HTTP ${status}`) };
  for (const name of ["type", "detail", "code", "traceId"]) {
    const value = field(name);
    if (value !== undefined) problem[name] = value;
  }
  return { ...problem, truncated: true, excerpt: text.slice(0, EXCERPT_CHARS) };
}
