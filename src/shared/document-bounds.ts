/**
 * What any step that reads a spec checks first: it is one self-contained document of bounded size
 * and depth. A spec comes from a server, sometimes one the user does not control: a `$ref` to a
 * file or URL would make the generator read `/etc/passwd` or fetch an address for it, and a
 * document nested without end would exhaust the stack of every walk over it.
 */

/**
 * The deepest a spec may nest, in objects and arrays: about 145 levels of nested schemas, where
 * Cognigy's own spec nests about 30 deep (the OpenAPI validator stops at 500).
 */
export const MAX_DOCUMENT_DEPTH = 300;
/** The largest spec read, in bytes (Cognigy's own is about 8 MB). */
export const MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

/** A problem with a document, where it is (an RFC 6901 pointer) and what is wrong, in one line. */
export interface DocumentBoundsProblem {
  readonly pointer: string;
  readonly message: string;
}

/**
 * The first `$ref` that points outside the document (a file or URL), or the first place deeper
 * than {@link MAX_DOCUMENT_DEPTH}; undefined when there is none. Walks without recursion.
 */
export function findBoundsProblem(document: unknown): DocumentBoundsProblem | undefined {
  interface Place {
    readonly node: unknown;
    readonly key: string;
    readonly parent: Place | undefined;
    readonly depth: number;
  }
  const pointer = (place: Place | undefined): string =>
    place?.parent ? `${pointer(place.parent)}/${place.key.replaceAll("~", "~0").replaceAll("/", "~1")}` : "";
  const stack: Place[] = [{ node: document, key: "", parent: undefined, depth: 0 }];
  while (stack.length > 0) {
    const place = stack.pop()!;
    const { node, depth } = place;
    if (typeof node !== "object" || node === null) continue;
    if (depth > MAX_DOCUMENT_DEPTH) {
      const at = pointer(place);
      return {
        pointer: at.length > 160 ? `${at.slice(0, 160)}…` : at,
        message: `nests deeper than ${MAX_DOCUMENT_DEPTH} levels, the most this generator reads`,
      };
    }
    const ref = Array.isArray(node) ? undefined : (node as Record<string, unknown>)["$ref"];
    if (typeof ref === "string" && !ref.startsWith("#")) {
      return {
        pointer: `${pointer(place)}/$ref`,
        message: `$ref ${JSON.stringify(ref.slice(0, 200))} points outside the document (a file or URL), which is never read: bundle the spec into one document first (for example \`npx @redocly/cli bundle spec.yaml -o spec.json\`)`,
      };
    }
    const entries = Array.isArray(node)
      ? node.map((value, index) => [String(index), value] as const)
      : Object.entries(node);
    for (let n = entries.length - 1; n >= 0; n--)
      stack.push({ node: entries[n]![1], key: entries[n]![0], parent: place, depth: depth + 1 });
  }
  return undefined;
}
