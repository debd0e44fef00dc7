import { isDeepStrictEqual } from "node:util";
import { canonicalize, compareVersions, type OpenApiDocument } from "../../../src/codegen/openapi-document.js";
import { SpecError } from "../../../src/codegen/spec-error.js";

/** One document to merge and where it came from (named in conflict messages). */
export interface SpecPart {
  readonly origin: string;
  readonly document: OpenApiDocument;
}

/**
 * Merges per-operation OpenAPI documents (one per Cognigy docs page) into one document: the union
 * of their paths and components. Identical duplicates are kept once; two different definitions
 * under the same name are refused, all of them reported in one error. `info` and the other
 * top-level fields come from the part with the highest `info.version`; tags are unioned by name.
 *
 * @throws SpecError when there is nothing to merge or any definitions conflict.
 */
export function mergeSpecs(parts: readonly SpecPart[]): OpenApiDocument {
  if (parts.length === 0) throw new SpecError("nothing to merge: no OpenAPI documents were given");
  const newest = parts.reduce((best, part) =>
    compareVersions(part.document.info.version, best.document.info.version) > 0 ? part : best,
  );
  const conflicts: string[] = [];
  // Pages published from different spec releases are the usual cause of a conflict: say so.
  const versions = new Set(parts.map((part) => part.document.info.version));
  const labels = new Map(
    parts.map((part) => [
      part.origin,
      versions.size > 1 ? `${part.origin} @${part.document.info.version ?? "?"}` : part.origin,
    ]),
  );
  const seen = new Map<string, { value: unknown; origin: string }>();
  const claim = (name: string, value: unknown, origin: string): boolean => {
    const previous = seen.get(name);
    if (!previous) {
      seen.set(name, { value, origin: labels.get(origin) ?? origin });
      return true;
    }
    if (!isDeepStrictEqual(previous.value, value))
      conflicts.push(`${name} (${previous.origin} vs ${labels.get(origin) ?? origin})`);
    return false;
  };

  const paths: OpenApiDocument["paths"] = {};
  const components: NonNullable<OpenApiDocument["components"]> = {};
  const tags = new Map<string, unknown>();
  for (const { origin, document } of parts) {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [key, value] of Object.entries(item)) {
        if (claim(`paths.${path}.${key}`, value, origin)) (paths[path] ??= {})[key] = value;
      }
    }
    for (const [section, entries] of Object.entries(document.components ?? {})) {
      for (const [name, value] of Object.entries(entries)) {
        if (claim(`components.${section}.${name}`, value, origin)) (components[section] ??= {})[name] = value;
      }
    }
    for (const tag of Array.isArray(document["tags"]) ? document["tags"] : []) {
      const name = (tag as { name?: unknown }).name;
      if (typeof name === "string" && claim(`tags.${name}`, tag, origin)) tags.set(name, tag);
    }
  }
  if (conflicts.length > 0) {
    throw new SpecError(
      `refusing to merge ${conflicts.length} conflicting definition${conflicts.length === 1 ? "" : "s"}: ${conflicts.join("; ")}`,
    );
  }

  const merged: OpenApiDocument = { ...newest.document, paths };
  if (tags.size > 0) merged["tags"] = [...tags.values()];
  if (Object.keys(components).length > 0) merged.components = components;
  else delete merged.components;
  return canonicalize(merged);
}
