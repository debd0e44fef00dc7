import { openapiOverlay } from "openapi-format";
import { listOperations, type OpenApiDocument } from "./openapi-document.js";
import { SpecError } from "./spec-error.js";

/** An OpenAPI Overlay 1.x document, as far as the generator reads it. */
export interface OverlayDocument {
  overlay: string;
  info?: { title?: string; version?: string };
  actions: Array<{ target: string; description?: string; update?: unknown; remove?: boolean }>;
}

/** The extension an overlay action uses to declare more response media types per operation. */
export const ALSO_SERVE = "x-cognigy-also-serve";

/** How {@link applyOverlay} treats an overlay. */
export interface OverlayRules {
  /**
   * Told the actions that matched nothing (`#n target`), which are then skipped; without it they
   * fail the build. This repository's overlay fails, so that fixes Cognigy made upstream do not
   * linger; the generate command reports them, since a user's spec may be older or newer.
   */
  readonly onUnmatched?: ((actions: readonly string[]) => void) | undefined;
  /** Refuse actions without a `description` saying why they exist (this repository's rule). Default true. */
  readonly requireDescriptions?: boolean | undefined;
}

/**
 * Applies an overlay with openapi-format's Overlay implementation, then expands
 * `x-cognigy-also-serve`. Refuses an overlay whose actions lack a `description` and fails when an
 * action matched nothing, unless `rules` say otherwise.
 *
 * @throws SpecError naming the offending action.
 */
export async function applyOverlay(
  spec: OpenApiDocument,
  overlay: OverlayDocument,
  origin = "overlay",
  rules: OverlayRules = {},
): Promise<OpenApiDocument> {
  if (
    !overlay ||
    typeof overlay.overlay !== "string" ||
    !/^1\.[01]\.\d+$/.test(overlay.overlay) ||
    !Array.isArray(overlay.actions)
  ) {
    throw new SpecError(`${origin}: not an OpenAPI Overlay 1.0/1.1 document (needs "overlay: 1.0.0" and "actions")`);
  }
  overlay.actions.forEach((action, index) => {
    if (typeof action?.target !== "string") throw new SpecError(`${origin}: action #${index + 1} has no target`);
    if (
      rules.requireDescriptions !== false &&
      (typeof action?.description !== "string" || action.description.trim() === "")
    ) {
      throw new SpecError(
        `${origin}: action #${index + 1} (${action?.target}) has no description saying why it exists`,
      );
    }
  });

  // openapi-format reports malformed actions on console.error and carries on; collect them instead.
  const complaints: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => complaints.push(args.map(String).join(" "));
  let result: Awaited<ReturnType<typeof openapiOverlay>>;
  try {
    result = await openapiOverlay(structuredClone(spec), { overlaySet: overlay as never });
  } finally {
    console.error = consoleError;
  }
  if (complaints.length > 0) throw new SpecError(`${origin}: ${complaints.join("; ")}`);
  const unused = result.resultData.unusedActions as OverlayDocument["actions"];
  if (unused.length > 0) {
    const names = unused.map((action) => `#${overlay.actions.indexOf(action) + 1} ${action.target}`);
    if (rules.onUnmatched) rules.onUnmatched(names);
    else
      throw new SpecError(
        `${origin}: ${unused.length} action(s) matched nothing (fixed upstream? remove them): ${names.join("; ")}`,
      );
  }
  return expandAlsoServe(result.data as OpenApiDocument);
}

/**
 * For every media type object carrying `x-cognigy-also-serve`, adds each listed media type the
 * operation's `Accept` header parameter offers: with the given media object when it has a schema,
 * otherwise with a copy of this media object's schema. Removes the extension afterwards.
 */
export function expandAlsoServe(spec: OpenApiDocument): OpenApiDocument {
  for (const [, , operation] of listOperations(spec)) {
    const offered = acceptOffers(operation);
    for (const response of Object.values(
      (operation["responses"] ?? {}) as Record<string, { content?: Record<string, Record<string, unknown>> }>,
    )) {
      const content = response.content;
      if (!content) continue;
      for (const media of Object.values({ ...content })) {
        const extra = media[ALSO_SERVE] as Record<string, Record<string, unknown>> | undefined;
        if (!extra) continue;
        delete media[ALSO_SERVE];
        for (const [type, given] of Object.entries(extra)) {
          if (!offered.has(type) || content[type]) continue;
          content[type] = given["schema"]
            ? structuredClone(given)
            : { ...structuredClone(given), schema: structuredClone(media["schema"]) };
        }
      }
    }
  }
  return spec;
}

function acceptOffers(operation: Record<string, unknown>): Set<string> {
  const parameters = (operation["parameters"] ?? []) as Array<{
    in?: string;
    name?: string;
    schema?: { enum?: unknown[] };
  }>;
  const accept = parameters.find((p) => p.in === "header" && p.name?.toLowerCase() === "accept");
  return new Set((accept?.schema?.enum ?? []).filter((v): v is string => typeof v === "string"));
}
