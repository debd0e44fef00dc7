import { checkSource, resolveCredential, type CredentialSource } from "./credential.js";
import { redactedView, type CognigyAuth, type CognigyOutgoingRequest } from "./types.js";

/**
 * Sends `Authorization: Bearer <token>`: an OAuth2 access token obtained elsewhere. Pass the token,
 * or a function returning the current one (called for each request, and once more after a 401 to
 * see whether a fresher token exists). For tokens this library should fetch and refresh, use
 * {@link oauth2Auth}.
 *
 * @example
 * const client = createCognigyClient({ environment: "app", auth: bearerAuth(() => vault.read("cognigy-token")) });
 */
export function bearerAuth(token: CredentialSource): CognigyAuth {
  checkSource(token, "bearerAuth", "the token");
  return headerAuth("bearer", "Authorization", token, "token");
}

/**
 * Sends a CXone token as `x-cxone-authorization: Bearer <token>`, for Cognigy environments
 * integrated with NICE CXone. Pass the token (without or with the `Bearer ` prefix) or a getter.
 */
export function cxoneAuth(token: CredentialSource): CognigyAuth {
  const bare = typeof token === "string" ? token.replace(/^Bearer\s+/i, "") : token;
  checkSource(bare, "cxoneAuth", "the CXone token");
  const source: CredentialSource =
    typeof bare === "string" ? bare : async () => (await bare()).replace(/^Bearer\s+/i, "");
  return headerAuth("cxone", "x-cxone-authorization", source, "CXone token");
}

function headerAuth(type: string, header: string, source: CredentialSource, what: string): CognigyAuth {
  return Object.assign(redactedView(type), {
    type,
    async authorize(request: CognigyOutgoingRequest): Promise<void> {
      request.headers.set(header, `Bearer ${await resolveCredential(source, type, what)}`);
    },
    // Worth one replay only when the getter now hands out a different token than the rejected one.
    async renew(rejected: CognigyOutgoingRequest): Promise<boolean> {
      if (typeof source === "string") return false;
      return `Bearer ${await resolveCredential(source, type, what)}` !== rejected.headers.get(header);
    },
  });
}
