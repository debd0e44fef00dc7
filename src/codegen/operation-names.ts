import { listOperations, pointerOf, type HttpMethod, type Json, type OpenApiDocument } from "./openapi-document.js";
import { camel, isPlural, pascal, segmentWords, singular } from "./name-words.js";
import { SpecError } from "./spec-error.js";

/**
 * The rules that name every operation `client.<namespace>.<method>()`. A name is a function of its
 * own operation alone — its HTTP method, path and first tag — never of which other operations the
 * spec holds or their order, so adding an operation never renames another and a method means the
 * same operation in every release. The operationId plays no part: Cognigy's carry counters and
 * versions (`readAiAgent_2_0`, `deleteALexiconSlot-1_2_0`) and are repaired when they repeat.
 *
 * 1. **Version.** A path's API version is its mark: the default, `/v2.0`, is unmarked; any other
 *    is a namespace of its own, `/v3.0` → `client.v3`, `/v2.1` → `client.v2_1`, `/beta` →
 *    `client.beta`. A `/v3.0` twin of a route is `client.v3.analytics.…` beside the unmarked one.
 * 2. **Namespace** from the first tag, its words giving the casing (`Large Language Models` and
 *    `largelanguagemodels` → `largeLanguageModels`) and trailing version words dropped (`Analytics 3.0` → `analytics`: the
 *    path's version is the mark). Untagged: the path's first segment. A namespace that would hide a
 *    client member (`request`, `GET`, `use`, `then` …) gets `Api` (`requestApi`).
 * 3. **The resource** is the last path segment that is the tag's noun (`aiagents` for AI Agents;
 *    `sentences` for Example Sentences, its last word; singular or plural). Segments before it are
 *    its parents (their ids are parameters); segments after it name a sub-resource or an action.
 *    A path without the tag's noun names everything after the version, less leading segments whose
 *    words the tag already says (`/projects/{projectId}/callcounter` tagged Analytics →
 *    `getProjectCallCounter`, beside `/callcounter` → `getCallCounter`).
 * 4. **Method.** On the resource itself: GET collection → `list`, POST → `create`, PATCH → `batch`
 *    (Cognigy's "Perform Batch Operations"), PUT → `replaceAll`, DELETE → `deleteAll`; GET item →
 *    `get`, PATCH or PUT → `update`, DELETE → `delete`, POST → `post`. Below it, the same verbs
 *    followed by the sub-resource's words, a segment followed by an id in the singular
 *    (`/lexicons/{id}/slots/{slotId}` → `getSlot`); a GET of a segment that is not plural is `get`
 *    (`getSettings`), a plural one `list` (`listJobs`); POST to a segment that is an action verb is
 *    that action, then any words before it (`/clone` → `clone`, `/addlocalization` →
 *    `addLocalization`, `/output/generate` → `generateOutput`), an action called like a method
 *    above gets `post` (`POST /extensions/update` → `postUpdate`, never the item PATCH's `update`).
 * 5. **Pins.** `x-cognigy-name: "namespace.method"` on an operation (set by an overlay) names it
 *    where Cognigy's routes break these rules. Two operations the rules give one name are a
 *    `generate` error naming both and the pin that settles it, never a silent suffix.
 *
 * Segments are split into words with a fixed vocabulary (name-words.ts); names are ASCII
 * identifiers without version, counter or punctuation debris.
 */
export interface OperationName {
  /** Dotted for a marked version: `aiAgents`, `v3.analytics`. */
  readonly namespace: string;
  readonly method: string;
  readonly operationId: string;
  /** `GET`, `POST`, … */
  readonly httpMethod: string;
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
}

/** The extension an overlay sets on an operation to pin its name, `"namespace.method"`. */
export const NAME_PIN = "x-cognigy-name";
/** The API version whose routes are unmarked. */
export const DEFAULT_API_VERSION = "2.0";
/** Names a namespace may not take at any level: the client's own members, and what every object has. */
export const CLIENT_MEMBERS = new Set([
  "request",
  "GET",
  "PUT",
  "POST",
  "DELETE",
  "OPTIONS",
  "HEAD",
  "PATCH",
  "TRACE",
  "use",
  "eject",
  "toString",
  "toJSON",
  "valueOf",
  "then",
  "constructor",
  "prototype",
  "hasOwnProperty",
  "__proto__",
]);
// Names a method may not take: what every object has, or what makes a namespace a thenable.
const RESERVED_METHODS = new Set([
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "toJSON",
  "valueOf",
  "then",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
]);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const ON_COLLECTION: Record<HttpMethod, string> = {
  get: "list",
  post: "create",
  patch: "batch",
  put: "replaceAll",
  delete: "deleteAll",
  head: "head",
  options: "options",
  trace: "trace",
};
const ON_ITEM: Record<HttpMethod, string> = {
  get: "get",
  post: "post",
  patch: "update",
  put: "update",
  delete: "delete",
  head: "head",
  options: "options",
  trace: "trace",
};
const ON_NOUN: Record<HttpMethod, string> = { ...ON_ITEM, post: "create" };
// A POST to a segment starting with one of these is that action.
const ACTIONS = new Set(
  (
    "accept add assign batch cancel change check clone configure copy create delete deploy deprecate enforce export generate get hire impersonate " +
    "import inject list login logout merge move notify pin preview remove replace request reset restore run schedule search setup stop test train " +
    "unassign unmerge update upload validate"
  ).split(" "),
);
const METHOD_NAMES = new Set([...Object.values(ON_COLLECTION), ...Object.values(ON_ITEM)]);

/** An operation's name by the rules above: `{ namespace: "v3.analytics", method: "getCallCounter" }`. */
export function nameOf(httpMethod: HttpMethod, path: string, operation: Json): { namespace: string; method: string } {
  const pin = operation[NAME_PIN];
  if (pin !== undefined) return pinned(pin, pointerOf("paths", path, httpMethod, NAME_PIN));
  // Rule 1: the version segment is the mark, and no part of the resource.
  const segments = path.split("/").filter(Boolean);
  const at = segments.findIndex((segment) => /^(v\d+(\.\d+)?|beta)$/i.test(segment));
  const mark = at === -1 ? "" : versionMark(segments[at]!);
  const rest = at === -1 ? segments : [...segments.slice(0, at), ...segments.slice(at + 1)];
  // Rule 2: the tag's words, less trailing version words, give the namespace and the resource's noun.
  const tag = firstTag(operation);
  let tagWords: readonly string[] = tag === undefined ? [] : segmentWords(tag, []);
  while (tagWords.length > 0 && /^v?\d+$/.test(tagWords.at(-1)!)) tagWords = tagWords.slice(0, -1);
  const parts: Part[] = rest.map((segment, index) => ({
    param: isParam(segment),
    words: segmentWords(segment, tagWords),
    item: isParam(rest[index + 1] ?? ""),
  }));
  if (tagWords.length === 0) tagWords = parts.find((part) => !part.param && part.words.length > 0)?.words ?? ["other"];
  const namespace = [mark, member(camel(tagWords), CLIENT_MEMBERS, "Api")].filter(Boolean).join(".");
  return {
    namespace,
    method: member(methodOf(httpMethod, belowResource(parts, tagWords)), RESERVED_METHODS, "Operation"),
  };
}

/** A path segment: an id (`{aiAgentId}`) or words, and whether an id follows it (an item of it). */
interface Part {
  readonly param: boolean;
  readonly words: readonly string[];
  readonly item: boolean;
}

const isParam = (segment: string) => /^\{.*\}$/.test(segment);

// Rule 3: the segments below the resource (the last segment that is the tag's noun), with a plural
// segment just before it that has no id; without the noun, every segment but the leading ones the
// tag already says.
function belowResource(parts: readonly Part[], tagWords: readonly string[]): readonly Part[] {
  const nouns = new Set([tagWords.join(""), tagWords.at(-1)!].flatMap((noun) => [noun, singular(noun)]));
  const isNoun = (part: Part) =>
    !part.param && (nouns.has(part.words.join("")) || nouns.has(singular(part.words.join(""))));
  let anchor = parts.length - 1;
  while (anchor >= 0 && !isNoun(parts[anchor]!)) anchor--;
  if (anchor === -1) {
    let start = 0;
    while (start < parts.length && !parts[start]!.param && parts[start]!.words.every((word) => tagWords.includes(word)))
      start++;
    return parts.slice(start);
  }
  const before = parts[anchor - 1];
  const qualifier = before && !before.param && !before.item && isPlural(before.words.at(-1) ?? "") ? [before] : [];
  return [...qualifier, ...parts.slice(anchor + 1)];
}

// Rule 4: the verb for the resource itself, or for what lies below it.
function methodOf(httpMethod: HttpMethod, below: readonly Part[]): string {
  const endsWithId = below.at(-1)?.param ?? false;
  const statics = below.filter((part) => !part.param && part.words.length > 0);
  if (statics.length === 0) return (endsWithId ? ON_ITEM : ON_COLLECTION)[httpMethod];
  const last = statics.at(-1)!.words;
  const one = [...last.slice(0, -1), singular(last.at(-1)!)];
  // Segments before the last: an item's in the singular (`/entries/{entryId}/keyphrases` → `EntryKeyphrases`).
  const before = statics
    .slice(0, -1)
    .flatMap((part) => (part.item ? [...part.words.slice(0, -1), singular(part.words.at(-1)!)] : part.words));
  if (endsWithId) return ON_ITEM[httpMethod] + pascal([...before, ...one]);
  if (httpMethod === "post" && ACTIONS.has(last[0]!)) {
    const action = METHOD_NAMES.has(camel(last)) ? ["post", ...last] : last;
    return camel([...action, ...before.filter((word) => !last.includes(word))]);
  }
  if (isPlural(last.at(-1)!))
    return ON_COLLECTION[httpMethod] + pascal([...before, ...(httpMethod === "post" ? one : last)]);
  return ON_NOUN[httpMethod] + pascal([...before, ...last]);
}

/**
 * Names every operation of a spec by the rules above.
 *
 * @throws SpecError when two operations get one name (naming both and the pin that settles it), or
 *   for a pin that is not `"namespace.method"` of identifiers.
 */
export function nameOperations(spec: OpenApiDocument): OperationName[] {
  const names = listOperations(spec).map(([method, path, operation]) => {
    const summary = typeof operation["summary"] === "string" ? operation["summary"] : "";
    return {
      ...nameOf(method, path, operation),
      operationId: String(operation["operationId"]),
      httpMethod: method.toUpperCase(),
      path,
      summary,
      tag: firstTag(operation) ?? "",
    };
  });
  const byName = new Map<string, OperationName>();
  const containers = new Set(
    names.flatMap((name) =>
      name.namespace
        .split(".")
        .slice(0, -1)
        .map((_, n, parts) => parts.slice(0, n + 1).join(".")),
    ),
  );
  for (const name of names) {
    const full = `${name.namespace}.${name.method}`;
    const other = byName.get(full);
    if (other) throw collision(full, other, name);
    if (containers.has(name.namespace) || containers.has(full))
      throw new SpecError(
        `${describe(name)} is named client.${full}, which is also a version's namespace; pin another name with an overlay action setting "${NAME_PIN}" on it`,
      );
    byName.set(full, name);
  }
  return names;
}

// `v3.0` → `v3`, `v2.1` → `v2_1`, `beta` → `beta`; the default version → no mark.
function versionMark(segment: string): string {
  if (/^beta$/i.test(segment)) return "beta";
  const [major = "", minor = "0"] = segment.slice(1).split(".");
  if (`${major}.${minor}` === DEFAULT_API_VERSION) return "";
  return minor === "0" ? `v${major}` : `v${major}_${minor}`;
}

// A name that would hide a member every object or client has gets a word more.
function member(name: string, reserved: ReadonlySet<string>, suffix: string): string {
  const safe = /^[0-9]/.test(name) ? `_${name}` : name || "call";
  return reserved.has(safe) ? `${safe}${suffix}` : safe;
}

function pinned(pin: unknown, pointer: string): { namespace: string; method: string } {
  const parts = typeof pin === "string" ? pin.split(".") : [];
  if (
    parts.length < 2 ||
    !parts.every((part) => IDENTIFIER.test(part)) ||
    RESERVED_METHODS.has(parts.at(-1)!) ||
    parts.slice(0, -1).some((part) => CLIENT_MEMBERS.has(part))
  ) {
    throw new SpecError(
      `${pointer}: ${JSON.stringify(pin)} is not a name "namespace.method" of identifiers that no client member or object method takes`,
    );
  }
  return { namespace: parts.slice(0, -1).join("."), method: parts.at(-1)! };
}

function describe(name: OperationName): string {
  return `${name.httpMethod} ${name.path} (${pointerOf("paths", name.path, name.httpMethod.toLowerCase())})`;
}

function collision(full: string, first: OperationName, second: OperationName): SpecError {
  const target = `$.paths[${JSON.stringify(second.path)}].${second.httpMethod.toLowerCase()}`;
  return new SpecError(
    `${describe(first)} and ${describe(second)} are both named client.${full} by the naming rules; pin another name for one of them with an overlay action { target: '${target}', update: { "${NAME_PIN}": "${second.namespace}.<name>" } }`,
  );
}

function firstTag(operation: Json): string | undefined {
  const tags = operation["tags"];
  return Array.isArray(tags) && typeof tags[0] === "string" ? tags[0] : undefined;
}
