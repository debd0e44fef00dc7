/**
 * Builds a value that satisfies a (dereferenced) OpenAPI 3.0 schema, for the contract test to
 * send as a parameter or body: the schema's own example or default where valid, else the first
 * enum value, else a value built from type, pattern, format and bounds.
 */
export function sampleFromSchema(schema: Record<string, any> | undefined, depth = 0): unknown {
  if (!schema || depth > 8) return undefined;
  if (schema["example"] !== undefined) return schema["example"];
  if (schema["default"] !== undefined) return schema["default"];
  if (Array.isArray(schema["enum"]) && schema["enum"].length > 0) return schema["enum"][0];
  const variants = schema["oneOf"] ?? schema["anyOf"];
  if (Array.isArray(variants) && variants.length > 0) return sampleFromSchema(variants[0], depth + 1);
  if (Array.isArray(schema["allOf"]))
    return Object.assign({}, ...schema["allOf"].map((part: Record<string, any>) => sampleFromSchema(part, depth + 1)));
  switch (schema["type"]) {
    case "integer":
    case "number":
      return typeof schema["minimum"] === "number" ? Math.max(schema["minimum"], 1) : 1;
    case "boolean":
      return true;
    case "array":
      return [sampleFromSchema(schema["items"], depth + 1)];
    case "object": {
      const result: Record<string, unknown> = {};
      for (const name of schema["required"] ?? [])
        result[name] = sampleFromSchema(schema["properties"]?.[name], depth + 1);
      return result;
    }
    default:
      return sampleString(schema);
  }
}

function sampleString(schema: Record<string, any>): string {
  // Cognigy ids and cursors: ^[a-z0-9]{24}$ (or just 24 characters).
  if (schema["pattern"] === "^[a-z0-9]{24}$" || (schema["minLength"] === 24 && schema["maxLength"] === 24))
    return "5ce7c2d833ea1e04d7e6c432";
  if (schema["format"] === "uuid") return "84b500d7-71c8-4b1f-adf4-f1eb00009a4e";
  if (schema["format"] === "date-time") return "2026-01-01T00:00:00.000Z";
  if (schema["format"] === "email") return "support@example.com";
  if (schema["format"] === "uri") return "https://example.com/";
  const length = Math.max(schema["minLength"] ?? 1, 1);
  return "x".repeat(Math.min(length, schema["maxLength"] ?? length));
}
