import { apiDiff, type Diff } from "api-smart-diff";
import { HTTP_METHODS, type OpenApiDocument } from "../../../src/codegen/openapi-document.js";
import { nameOperations } from "../../../src/codegen/operation-names.js";
import { repairSpec } from "../../../src/codegen/spec-problems.js";

/** How a change affects code written against the previous client. */
export type Severity = "breaking" | "non-breaking" | "deprecated" | "annotation" | "unclassified";

/** One change between two specs. */
export interface SpecChange {
  severity: Severity;
  action: "add" | "remove" | "replace" | "rename";
  /** The operation (`GET /v2.0/flows`), schema (`schema Flow`) or document part it belongs to. */
  subject: string;
  /** Where inside the subject, as a JSON path. */
  location: string;
  description: string;
}

/** What `npm run spec:diff` reports, as JSON for scripts; {@link toMarkdown} renders it for a PR. */
export interface SpecDiffReport {
  from: string | null;
  to: string | null;
  counts: Record<Severity, number>;
  operations: { added: string[]; removed: string[]; changed: string[] };
  schemas: { added: string[]; removed: string[]; changed: string[] };
  changes: SpecChange[];
}

/**
 * Compares two OpenAPI documents with api-smart-diff's OpenAPI 3 rules and groups the changes by
 * operation and schema (a change to a shared schema also shows under each operation using it).
 * api-smart-diff judges responses as a server would; this client's users read them through
 * generated types, so a response property removed or retyped, or a property removed from a shared
 * schema, is breaking here: code reading it stops compiling.
 */
export function diffSpecs(before: OpenApiDocument, after: OpenApiDocument): SpecDiffReport {
  const changes = [...apiDiff(before, after).map(toChange), ...renamedMethods(before, after)];
  const counts: Record<Severity, number> = {
    breaking: 0,
    "non-breaking": 0,
    deprecated: 0,
    annotation: 0,
    unclassified: 0,
  };
  for (const change of changes) counts[change.severity]++;
  const group = (belongs: (subject: string) => boolean) => {
    const own = changes.filter((c) => belongs(c.subject));
    const whole = (action: string) => [
      ...new Set(own.filter((c) => c.location === "" && c.action === action).map((c) => c.subject)),
    ];
    const added = whole("add");
    const removed = whole("remove");
    const changed = [...new Set(own.map((c) => c.subject))].filter(
      (subject) => !added.includes(subject) && !removed.includes(subject),
    );
    return { added, removed, changed };
  };
  return {
    from: before.info?.version ?? null,
    to: after.info?.version ?? null,
    counts,
    operations: group((subject) => /^[A-Z]+ \//.test(subject)),
    schemas: group((subject) => subject.startsWith("schema ")),
    changes,
  };
}

/**
 * An operation in both specs whose method name changed (a new tag or a pinned name):
 * breaking, since code calling `client.<namespace>.<method>()` stops compiling.
 */
function renamedMethods(before: OpenApiDocument, after: OpenApiDocument): SpecChange[] {
  // Named as generate names them: after the repairs (an operationId repeated across versions gets its own).
  const nameOf = (spec: OpenApiDocument) =>
    new Map(
      nameOperations(repairSpec(spec).spec).map((name) => [
        `${name.httpMethod} ${name.path}`,
        `${name.namespace}.${name.method}`,
      ]),
    );
  const [old, next] = [nameOf(before), nameOf(after)];
  return [...old].flatMap(([subject, name]) => {
    const renamed = next.get(subject);
    if (renamed === undefined || renamed === name) return [];
    return [
      {
        severity: "breaking" as const,
        action: "rename" as const,
        subject,
        location: "",
        description: `the named method client.${name} is now client.${renamed}`,
      },
    ];
  });
}

function toChange(diff: Diff): SpecChange {
  const path = diff.path.map(String);
  const { subject, rest } = subjectOf(path);
  let severity = diff.type;
  let description = diff.description ?? `${diff.action} ${path.join(".")}`;
  const inResponse = rest.includes("responses") && rest.includes("properties");
  const schemaProperty = subject.startsWith("schema ") && rest[0] === "properties" && rest.length === 2;
  const retyped = diff.action === "replace" && (rest.at(-1) === "type" || rest.at(-1) === "format");
  if (
    severity !== "breaking" &&
    ((inResponse && (diff.action === "remove" || retyped)) || (schemaProperty && diff.action === "remove"))
  ) {
    severity = "breaking";
    description += " (the generated type changes: code reading it no longer compiles)";
  }
  return { severity, action: diff.action, subject, location: rest.join("."), description };
}

function subjectOf(path: string[]): { subject: string; rest: string[] } {
  if (path[0] === "paths" && path[1] !== undefined) {
    const method = path[2];
    if (method !== undefined && (HTTP_METHODS as readonly string[]).includes(method))
      return { subject: `${method.toUpperCase()} ${path[1]}`, rest: path.slice(3) };
    return { subject: `path ${path[1]}`, rest: path.slice(2) };
  }
  if (path[0] === "components" && path[1] === "schemas" && path[2] !== undefined)
    return { subject: `schema ${path[2]}`, rest: path.slice(3) };
  return { subject: "document", rest: path };
}

/** The report as markdown, e.g. for a pull request body. */
export function toMarkdown(report: SpecDiffReport): string {
  const { counts } = report;
  const lines = [
    `## Cognigy spec changes: ${report.from ?? "?"} → ${report.to ?? "?"}`,
    "",
    report.changes.length === 0
      ? "No changes."
      : `**${counts.breaking} breaking**, ${counts["non-breaking"]} non-breaking, ${counts.deprecated} deprecated, ${counts.annotation} documentation, ${counts.unclassified} unclassified.`,
  ];
  const list = (title: string, group: SpecDiffReport["operations"]) => {
    if (group.added.length + group.removed.length + group.changed.length === 0) return;
    lines.push("", `### ${title}`, "");
    for (const name of group.added) lines.push(`- added \`${name}\``);
    for (const name of group.removed) lines.push(`- **removed** \`${name}\` (breaking)`);
    for (const name of group.changed) {
      const own = report.changes.filter((c) => c.subject === name);
      const breaking = own.filter((c) => c.severity === "breaking").length;
      lines.push(
        `- changed \`${name}\`: ${own.length} change${own.length === 1 ? "" : "s"}${breaking ? `, **${breaking} breaking**` : ""}`,
      );
    }
  };
  list("Operations", report.operations);
  list("Schemas", report.schemas);
  if (report.changes.length > 0) {
    lines.push("", "### All changes", "", "| severity | where | change |", "| --- | --- | --- |");
    const order: Severity[] = ["breaking", "deprecated", "non-breaking", "unclassified", "annotation"];
    for (const change of [...report.changes].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity))) {
      lines.push(
        `| ${change.severity} | \`${change.subject}\`${change.location ? ` ${escape(change.location)}` : ""} | ${escape(change.description)} |`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

function escape(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
