import type { Fetch } from "../transport/send.js";
import type { CognigyAuth, CognigyOutgoingRequest } from "./types.js";

/**
 * The `fetch` openapi-fetch sends a call's request with: `auth` adds its credential, `fetch` sends
 * it, and after a 401 a strategy that can renew its credential (an expired OAuth2 token) gets one
 * chance to, and the request goes once more. A streamed body (`replayable: false`) cannot go twice.
 */
export function authorizedFetch(auth: CognigyAuth | undefined, fetch: Fetch, replayable: boolean): Fetch {
  if (!auth) return fetch;
  const renew = replayable ? auth.renew?.bind(auth) : undefined;
  return async (request) => {
    const authorized = await authorize(request, auth);
    // A body can be read once: keep the authorized request whole for a replay, send a copy.
    const response = await fetch(renew && authorized.body !== null ? authorized.clone() : authorized);
    if (response.status !== 401 || !renew || !(await renew(outgoing(authorized)))) return response;
    await response.body?.cancel();
    return fetch(await authorize(authorized, auth));
  };
}

// The credential goes on the request's headers in place, or on a copy when it moves into the URL.
async function authorize(request: Request, auth: CognigyAuth): Promise<Request> {
  const view = outgoing(request);
  await auth.authorize(view);
  return view.url === request.url ? request : new Request(view.url, request);
}

function outgoing(request: Request): CognigyOutgoingRequest {
  return { method: request.method, url: request.url, headers: request.headers };
}
