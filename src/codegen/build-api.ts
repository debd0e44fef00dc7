import openapiTS, { astToString } from "openapi-typescript";
import { fingerprintOperation } from "../shared/fingerprint.js";
import { applyOverlay, type OverlayDocument } from "./apply-overlay.js";
import { hoistComponents } from "./hoist-components.js";
import { listOperations, pointerOf, type OpenApiDocument } from "./openapi-document.js";
import { nameOperations, type OperationName } from "./operation-names.js";
import { operationTable, type OperationTableText } from "./operation-table.js";
import { maskResolverKeys } from "./resolver-keys.js";
import { routeTypes } from "./route-types.js";
import { SpecError } from "./spec-error.js";
import { repairSpec } from "./spec-problems.js";
import { validateSpec } from "./validate-spec.js";
import { xmlShapes, type XmlShapes } from "./xml-shapes.js";

/** An overlay to apply, with where it came from (for messages). */
export interface OverlayInput {
  readonly document: OverlayDocument;
  readonly origin: string;
  /** Report actions that match nothing instead of failing (see {@link OverlayRules.onUnmatched}). */
  readonly tolerant?: boolean;
  readonly requireDescriptions?: boolean;
}

/** What the pipeline tells as it goes; each a one-line message. */
export interface BuildReporter {
  /** A defect with one obvious fix, repaired. */
  readonly onRepair?: (repair: string) => void;
  /** Overlay actions that matched nothing (tolerant overlays only). */
  readonly onUnmatched?: (origin: string, actions: readonly string[]) => void;
}

/** Everything generated from one spec, before it is written out as files or one module. */
export interface BuiltApi {
  /** The spec's `info.version`. */
  readonly version: string;
  /** The spec with the overlays applied and its defects repaired, then hoisted (what Prism serves). */
  readonly normalized: OpenApiDocument;
  /** openapi-typescript's `paths`, `components` and `operations`. */
  readonly schemaTypes: string;
  /** The per-route types (`Routes`, `Operations`), without their import of the schema types. */
  readonly routeTypes: string;
  readonly table: OperationTableText;
  readonly names: readonly OperationName[];
  readonly namespaces: readonly string[];
  readonly xmlShapes: XmlShapes;
  /** operationId → fingerprint of the operation as the spec was given (see src/shared/fingerprint.ts). */
  readonly fingerprints: Readonly<Record<string, string>>;
}

// Fixed so that the output depends on the spec and overlay only, never on who runs the generator.
export const OPENAPI_TS_OPTIONS = {
  alphabetize: false,
  additionalProperties: false,
  defaultNonNullable: true,
  emptyObjectsUnknown: false,
  enum: false,
  exportType: false,
  immutable: false,
  pathParamsAsTypes: false,
  rootTypes: false,
  silent: true,
} as const;

const SCHEMA_IMPORT = 'import type { components, paths } from "./schema.js";\n';

/**
 * The pipeline, from a spec as pulled to everything the client needs of it: the overlays applied in
 * order, the defects with one obvious fix repaired, validated, repeated inline schemas hoisted into
 * shared components, then openapi-typescript's types, the per-route call types, the named
 * operations, the operation table, the XML shapes and each operation's fingerprint.
 *
 * @throws SpecError naming the spec or overlay at fault.
 */
export async function buildApi(
  raw: OpenApiDocument,
  overlays: readonly OverlayInput[],
  reporter: BuildReporter = {},
): Promise<BuiltApi> {
  let overlaid = raw;
  for (const overlay of overlays) {
    overlaid = await applyOverlay(overlaid, overlay.document, overlay.origin, {
      requireDescriptions: overlay.requireDescriptions,
      onUnmatched: overlay.tolerant ? (actions) => reporter.onUnmatched?.(overlay.origin, actions) : undefined,
    });
  }
  const { spec: repaired, repairs } = repairSpec(overlaid);
  repairs.forEach((repair) => reporter.onRepair?.(repair));
  const valid = await validateSpec(repaired, overlays.length > 0 ? "spec with overlay" : "spec");
  const normalized = await validateSpec(hoistComponents(valid), "normalized spec");
  const names = nameOperations(normalized);
  const { masked, unmask } = maskResolverKeys(normalized);
  const ast = await openapiTS(structuredClone(masked) as never, OPENAPI_TS_OPTIONS);
  const routes = routeTypes(normalized, names);
  return {
    version: normalized.info.version ?? "unknown",
    normalized,
    schemaTypes: unmask(astToString(ast)),
    routeTypes: routes.startsWith(SCHEMA_IMPORT) ? routes.slice(SCHEMA_IMPORT.length) : routes,
    table: operationTable(valid, names),
    names,
    namespaces: [...new Set(names.map((name) => name.namespace))].sort(),
    xmlShapes: xmlShapes(normalized),
    fingerprints: fingerprints(raw, valid),
  };
}

// Each operation's fingerprint as the spec was given (before our fixes), keyed by the operationId
// the client knows it by: a server that serves the same spec then matches exactly.
function fingerprints(raw: OpenApiDocument, repaired: OpenApiDocument): Record<string, string> {
  const result: Record<string, string> = {};
  const paths = raw.paths;
  for (const [method, path, operation] of listOperations(repaired)) {
    const pathItem = paths[path];
    const original = pathItem?.[method];
    if (original === undefined) continue;
    try {
      result[String(operation["operationId"])] = fingerprintOperation(raw, pathItem, original);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new SpecError(`${pointerOf("paths", path, method)}: ${error.message}, more than this generator compares`, {
        cause: error,
      });
    }
  }
  return result;
}
