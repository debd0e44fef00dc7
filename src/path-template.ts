/** A path template taken apart, e.g. `/v2.0/aiagents/{aiAgentId}`. */
export interface PathTemplate {
  /** Literal parts and parameter names in turn: `["/v2.0/aiagents/", "aiAgentId", ""]`. */
  readonly parts: readonly string[];
  /** The parameter names, as written between the braces. */
  readonly names: readonly string[];
  /** True when no parameter uses a label (`{.x}`), matrix (`{;x}`) or exploded (`{x*}`) style. */
  readonly simple: boolean;
}

// Templates are few and fixed (the spec's), so each is taken apart once.
const templates = new Map<string, PathTemplate>();

export function pathTemplate(path: string): PathTemplate {
  let template = templates.get(path);
  if (!template) {
    const parts = path.split(/\{([^{}]+)\}/);
    const names = parts.filter((_, index) => index % 2 === 1);
    template = { parts, names, simple: !names.some((name) => /^[.;]|\*$/.test(name)) };
    if (templates.size < 10_000) templates.set(path, template);
  }
  return template;
}
