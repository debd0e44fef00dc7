import { CognigyConfigError } from "../errors/config-error.js";
import { redactedView, type CognigyAuth, type CognigyOutgoingRequest } from "./types.js";

/**
 * HTTP Basic authentication (RFC 7617), which Cognigy accepts only on the Management UI routes
 * (`/management/v2.0/*`). Usually given for one call: `client.GET(path, { auth: basicAuth(user, password) })`.
 *
 * @throws CognigyConfigError for an empty user, a user containing `:`, or an empty password.
 */
export function basicAuth(username: string, password: string): CognigyAuth {
  if (typeof username !== "string" || username.trim() === "")
    throw new CognigyConfigError("basicAuth", "the user name is empty");
  if (username.includes(":"))
    throw new CognigyConfigError("basicAuth", "the user name must not contain ':' (RFC 7617 §2)");
  if (typeof password !== "string" || password === "")
    throw new CognigyConfigError("basicAuth", "the password is empty");
  // RFC 7617 §2.1: UTF-8, then base64; btoa alone only takes Latin-1.
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  const value = `Basic ${btoa(String.fromCharCode(...bytes))}`;
  return Object.assign(redactedView("basic"), {
    type: "basic",
    authorize(request: CognigyOutgoingRequest): void {
      request.headers.set("Authorization", value);
    },
  });
}
