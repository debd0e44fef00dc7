import { CognigyUnexpectedResponseError } from "./errors.js";

/**
 * Parses a successful response's text as JSON, or throws a typed error carrying the status,
 * content type and an excerpt when the body is not JSON (an HTML page from a proxy, a cut-off
 * or malformed document). An empty body is `undefined`, as openapi-fetch reports it.
 */
export function parseJsonBody(context: { method: string; url: string }, response: Response, text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  const contentType = response.headers.get("content-type") ?? "";
  const details = { ...context, status: response.status, contentType, body: text };
  if (contentType && !/[/+]json\b/i.test(contentType)) throw new CognigyUnexpectedResponseError({ ...details, reason: "expected JSON but got another content type" });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CognigyUnexpectedResponseError({ ...details, reason: "the JSON body is malformed or cut off" }, { cause: error });
  }
}
