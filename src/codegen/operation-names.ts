import { listOperations, type OpenApiDocument } from "./openapi-document.js";

/**
 * The rules that name every operation of the spec as a method of a namespace, e.g.
 * `readAiAgent_2_0` tagged "AI Agents" → `client.aiAgents.get()`:
 *
 * 1. **Namespace**: the operation's first tag in lowerCamelCase ("AI Agents" → `aiAgents`, "Large
 *    Language Models" → `largeLanguageModels`); an untagged operation takes its first path segment.
 * 2. **Method**: the operationId without its version suffix (`_2_0`), its leading verb normalised
 *    (`index` → `list`, `read` → `get`: the words users of REST clients expect, and Cognigy's own docs
 *    titles say "Get AI Agents", "Get an AI Agent"; other verbs stay), then the namespace's noun
 *    dropped from the front of the rest (`readAiAgent` → `get`, `indexAiAgentJobs` → `listJobs`).
 * 3. **Versions**: when operations of several API versions get the same name, the oldest version
 *    keeps it and each newer one gets its version (`listV3`, `getV2_1`): adding a version never
 *    moves a name users already call.
 * 4. **Collisions** left after that keep the noun (`listAiAgents`), then the operationId itself
 *    (unique in the spec): each operation's fallback depends on it alone, never on the order of the
 *    spec, so the others keep their names. `generate` reports each.
 */
export interface OperationName {
  readonly namespace: string;
  readonly method: string;
  readonly operationId: string;
  /** `GET`, `POST`, … */
  readonly httpMethod: string;
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
}

const VERBS: Readonly<Record<string, string>> = { index: "list", read: "get" };
// Names a method may not take: they would shadow what every object has, or a client's own members.
const RESERVED = new Set(["constructor", "prototype", "toString", "toJSON", "valueOf", "then", "__proto__", "hasOwnProperty"]);
/** Names a namespace may not take: the client's own members. */
export const CLIENT_MEMBERS = new Set(["request", "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "use", "eject", "toString", "toJSON", "then", "constructor", "__proto__"]);

/** Names every operation by the rules above; `reports` says which collisions were resolved and how. */
export function nameOperations(spec: OpenApiDocument): { names: OperationName[]; reports: string[] } {
  const reports: string[] = [];
  const candidates = listOperations(spec).map(([method, path, operation]) => {
    const operationId = String(operation["operationId"]);
    const tags = Array.isArray(operation["tags"]) ? (operation["tags"] as unknown[]).filter((tag): tag is string => typeof tag === "string") : [];
    const tag = tags[0] ?? path.split("/").find((segment) => segment !== "" && !/^v\d/.test(segment) && !segment.startsWith("{")) ?? "other";
    let namespace = camel(tag);
    if (CLIENT_MEMBERS.has(namespace)) namespace = `${namespace}Api`;
    const { base, version } = splitVersion(operationId);
    const { verb, rest } = splitVerb(base);
    const normalized = Object.hasOwn(VERBS, verb) ? VERBS[verb]! : verb;
    const noun = pascal(tag);
    const stripped = stripNoun(rest, noun);
    return { httpMethod: method.toUpperCase(), path, operationId, tag, summary: typeof operation["summary"] === "string" ? operation["summary"] : "", namespace, version, short: `${normalized}${stripped}`, long: `${normalized}${rest}` };
  });
  // Rule 3: among operations that share a short name, the oldest version keeps it.
  const named = candidates.map((candidate) => {
    const rivals = candidates.filter((other) => other.namespace === candidate.namespace && other.short === candidate.short && other.version !== candidate.version);
    const oldest = [candidate, ...rivals].every((other) => compareVersion(candidate.version, other.version) <= 0);
    return { ...candidate, method: oldest || candidate.version === undefined ? candidate.short : `${candidate.short}V${candidate.version.replace(/_0$/, "")}` };
  });
  // Rule 4: every operation whose name is shared (or reserved) moves to its long name, then every
  // one still sharing moves to its operationId: each step treats all the sharers alike.
  const methods = named.map((candidate) => candidate.method || "call");
  const fallbacks = [(n: number) => named[n]!.long, (n: number) => identifier(named[n]!.operationId)];
  for (const fallback of fallbacks) {
    const clashing = methods.map((method, n) => RESERVED.has(method) || methods.some((other, m) => m !== n && other === method && named[m]!.namespace === named[n]!.namespace));
    clashing.forEach((clash, n) => {
      if (!clash) return;
      const next = fallback(n);
      reports.push(`${named[n]!.httpMethod} ${named[n]!.path}: ${named[n]!.namespace}.${methods[n]} is taken, named ${named[n]!.namespace}.${next}`);
      methods[n] = next;
    });
  }
  const names = named.map((candidate, n) => ({ namespace: candidate.namespace, method: methods[n]!, operationId: candidate.operationId, httpMethod: candidate.httpMethod, path: candidate.path, summary: candidate.summary, tag: candidate.tag }));
  return { names, reports };
}

/** Where an operation is documented: docs.cognigy.com's API reference, a page per operation under its tag. */
export function docsLink(name: Pick<OperationName, "tag" | "summary">): string | undefined {
  if (!name.summary) return undefined;
  return `https://docs.cognigy.com/api-reference/${slug(name.tag)}/${slug(name.summary)}`;
}

function splitVersion(operationId: string): { base: string; version: string | undefined } {
  const match = /^(.*?)_(\d+(?:_\d+)*)$/.exec(operationId);
  return match ? { base: match[1]!, version: match[2]! } : { base: operationId, version: undefined };
}

function splitVerb(base: string): { verb: string; rest: string } {
  const match = /^([a-z]+)(.*)$/.exec(base);
  return match ? { verb: match[1]!, rest: match[2]! } : { verb: "", rest: base };
}

// The namespace's noun, plural or singular, off the front of the rest, in any case (`AiAgents`,
// `AiAgent`, `NLUConnector` for "NLU Connectors"), where a word ends.
function stripNoun(rest: string, noun: string): string {
  const singular = noun.replace(/ies$/, "y").replace(/s$/, "");
  for (const form of [noun, singular]) {
    const head = rest.slice(0, form.length);
    if (form && head.toLowerCase() === form.toLowerCase() && (rest.length === form.length || /[A-Z0-9]/.test(rest[form.length]!))) return rest.slice(form.length);
  }
  return rest;
}

function compareVersion(a: string | undefined, b: string | undefined): number {
  const parts = (v: string | undefined) => (v ?? "0").split("_").map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

function camel(text: string): string {
  const [first = "other", ...rest] = words(text).map((word) => word.toLowerCase());
  const name = first + rest.map((word) => word[0]!.toUpperCase() + word.slice(1)).join("");
  return /^\d/.test(name) ? `v${name}` : name;
}

function pascal(text: string): string {
  return words(text)
    .map((word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase())
    .join("");
}

function identifier(text: string): string {
  const name = text.replace(/[^A-Za-z0-9_$]/g, "_");
  return /^\d/.test(name) ? `_${name}` : name;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
