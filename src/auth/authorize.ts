import { CognigyCredentialError } from "../errors/credential-error.js";
import { isCognigyError } from "../errors/guards.js";
import type { CognigyAuth, CognigyHeaders, CognigyOutgoingRequest } from "./types.js";

/** What a call's strategy wrote: header names (removed before a request leaves its origin) and values (redacted wherever they come back). */
export interface SentCredentials {
  readonly headers: Set<string>;
  readonly values: Set<string>;
}

/**
 * Adds `auth`'s credential to a request and returns the request to send: the same one with the
 * header set, or a copy when the strategy moved the credential into the URL. What the strategy
 * wrote is noted in `sent`.
 *
 * @throws CognigyCredentialError when the strategy fails or writes a header value or URL that
 *   cannot be sent (the value is never repeated).
 */
export async function authorize(request: Request, auth: CognigyAuth, sent: SentCredentials): Promise<Request> {
  const view = outgoingView(request, auth.type, sent);
  try {
    await auth.authorize(view);
  } catch (error) {
    if (isCognigyError(error)) throw error;
    throw new CognigyCredentialError(
      auth.type,
      `the ${auth.type} strategy failed to add its credential (${error instanceof Error ? error.name : typeof error})`,
      { cause: error },
    );
  }
  if (view.url === request.url) return request;
  if (!URL.canParse(view.url))
    throw new CognigyCredentialError(auth.type, "the strategy set a URL that does not parse");
  const before = new URL(request.url).searchParams;
  for (const [name, value] of new URL(view.url).searchParams) if (before.get(name) !== value) sent.values.add(value);
  return new Request(view.url, request);
}

/** A request as a strategy sees it (see {@link CognigyOutgoingRequest}); the signal is the call's. */
export function outgoingView(request: Request, scheme: string, sent?: SentCredentials): CognigyOutgoingRequest {
  const { headers } = request;
  const checked: CognigyHeaders = {
    get: (name) => headers.get(name),
    has: (name) => headers.has(name),
    delete: (name) => headers.delete(name),
    set(name, value) {
      if (/[\r\n\0]/.test(value))
        throw new CognigyCredentialError(
          scheme,
          `the value for header ${name} contains a line break or NUL, which a header cannot carry`,
        );
      if (sent) {
        sent.headers.add(name.toLowerCase());
        sent.values.add(value);
      }
      headers.set(name, value);
    },
  };
  return { method: request.method, url: request.url, headers: checked, signal: request.signal };
}
