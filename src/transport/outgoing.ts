import { authorize, outgoingView, type SentCredentials } from "../auth/authorize.js";
import type { CognigyAuth } from "../auth/types.js";
import { CognigyRedirectError } from "../errors/request-errors.js";
import { isPlainHttpAllowed } from "../shared/loopback.js";
import { truncatedProblem } from "../shared/truncated-problem.js";
import { readLimited } from "../shared/read-limited.js";
import { redactCredentials, redactUrl, rememberCredentials } from "../shared/redact.js";
import type { CrossOriginRedirects, Fetch } from "../shared/fetch.js";

/** How a call's requests leave: with which credential, through which `fetch`, following which redirects. */
export interface OutgoingPolicy {
  readonly auth: CognigyAuth | undefined;
  readonly fetch: Fetch;
  /** False for a streamed request body: it can be sent only once (no replay after a 401 or a 307). */
  readonly replayable: boolean;
  readonly crossOriginRedirects: CrossOriginRedirects;
  readonly allowInsecureHttp: boolean;
}

/** Redirects followed per request, as in browsers' `fetch` (which allows 20, too many for an API). */
const MAX_REDIRECTS = 5;
/** How much of an error body is kept: enough for any problem document, never a whole dump. */
const ERROR_BODY_BYTES = 64 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The `fetch` openapi-fetch sends one attempt with. For each request it:
 * - adds the credential (only on the origin the call was made to),
 * - follows redirects itself (requests carry `redirect: "manual"`): same-origin ones with the
 *   credential added again, up to {@link MAX_REDIRECTS}; one to another origin or to plain http
 *   is refused with a CognigyRedirectError, or followed without any credential when the client
 *   says so,
 * - after a 401, lets a strategy that can renew its credential do so once and sends again,
 * - keeps only the first {@link ERROR_BODY_BYTES} of an error body, and notes for it the credentials
 *   sent, so that the errors made from it redact them wherever the server echoes them.
 * What the strategy writes is noted in `sent` (the call's, for its own messages). `sending()` is
 * called just before the first byte goes to the network.
 */
export function outgoingFetch(policy: OutgoingPolicy, sent: SentCredentials, sending: () => void): Fetch {
  const { auth } = policy;
  return async (request) => {
    const first = await followRedirects(policy, request, sent, sending);
    let { response } = first;
    if (
      response.status === 401 &&
      first.authorized &&
      policy.replayable &&
      auth?.renew &&
      (await auth.renew(outgoingView(first.authorized, auth.type)))
    ) {
      await response.body?.cancel();
      ({ response } = await followRedirects(policy, request, sent, sending));
    }
    if (response.ok) return response;
    const kept = await boundedCopy(response);
    rememberCredentials(kept, sent.values);
    return kept;
  };
}

async function followRedirects(
  policy: OutgoingPolicy,
  request: Request,
  sent: SentCredentials,
  sending: () => void,
): Promise<{ response: Response; authorized: Request | undefined }> {
  // The call's origin, the only one the credential goes to (worked out once a redirect needs it).
  let callOrigin: string | undefined;
  const origin = () => (callOrigin ??= new URL(request.url).origin);
  let next = request;
  for (let hops = 0; ; hops++) {
    const credentialed = policy.auth !== undefined && (hops === 0 || new URL(next.url).origin === origin());
    // The unsent request stays whole for a replay (a 307, a renewed credential); a copy goes out.
    const copy = policy.replayable && next.body !== null ? next.clone() : next;
    const outgoing = credentialed && policy.auth ? await authorize(copy, policy.auth, sent) : copy;
    sending();
    const response = await policy.fetch(outgoing);
    const refuse = (reason: CognigyRedirectError["reason"], location: string, message: string) =>
      new CognigyRedirectError({
        method: request.method,
        url: redactUrl(outgoing.url),
        status: response.status,
        reason,
        location,
        message,
      });
    // A browser does not show a manual redirect's target, so it cannot be checked.
    if (response.type === "opaqueredirect")
      throw refuse(
        "hidden",
        "",
        "the platform hides where it leads, so the client cannot check that it is safe to follow",
      );
    const location = REDIRECTS.has(response.status) ? response.headers.get("location") : null;
    if (location === null) return { response, authorized: credentialed ? outgoing : undefined };
    await response.body?.cancel();
    const target = URL.canParse(location, outgoing.url) ? new URL(location, outgoing.url) : undefined;
    const shown = target ? redactCredentials(redactUrl(target.href), sent.values) : "";
    if (!target || (target.protocol !== "https:" && target.protocol !== "http:"))
      throw refuse("insecure", shown, "it does not lead to an http(s) URL");
    if (hops >= MAX_REDIRECTS) throw refuse("too-many", shown, `more than ${MAX_REDIRECTS} redirects (a loop?)`);
    if (
      target.protocol === "http:" &&
      new URL(outgoing.url).protocol === "https:" &&
      !isPlainHttpAllowed(target, policy.allowInsecureHttp)
    ) {
      throw refuse("insecure", shown, "it leads from https to plain http");
    }
    if (target.origin !== origin() && policy.crossOriginRedirects === "refuse") {
      throw refuse(
        "cross-origin",
        shown,
        'it leads to another origin, where the credential must not go (crossOriginRedirects: "follow-without-credentials" follows such redirects with no credential)',
      );
    }
    const toGet = becomesGet(response.status, next.method);
    if (!policy.replayable && next.body !== null && !toGet)
      throw refuse("unreplayable", shown, "the request's body was a stream and cannot be sent again");
    next = redirected(next, toGet, target.href);
    // The credential was written onto this request: it must not travel on with it to another origin.
    if (target.origin !== origin()) next = withoutCredentials(next, sent);
  }
}

// Headers that carry credentials whoever set them (a strategy, or the caller for a proxy).
const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie", "x-api-key", "x-cxone-authorization"];

function withoutCredentials(request: Request, sent: SentCredentials): Request {
  for (const name of [...CREDENTIAL_HEADERS, ...sent.headers]) request.headers.delete(name);
  const url = new URL(request.url);
  for (const [name, value] of [...url.searchParams]) if (sent.values.has(value)) url.searchParams.delete(name);
  return url.href === request.url ? request : new Request(url.href, request);
}

// RFC 9110 §15.4 as fetch applies it: 303, and 301/302 after a POST, become a GET without a body.
function becomesGet(status: number, method: string): boolean {
  return status === 303 ? method !== "HEAD" : (status === 301 || status === 302) && method === "POST";
}

function redirected(request: Request, toGet: boolean, url: string): Request {
  if (!toGet) return new Request(url, request);
  const headers = new Headers(request.headers);
  for (const name of ["content-type", "content-length", "content-encoding", "content-language", "content-location"])
    headers.delete(name);
  return new Request(url, { method: "GET", headers, signal: request.signal, redirect: "manual" });
}

// An error answer with at most ERROR_BODY_BYTES of its body; the rest is never read. A JSON body
// cut there keeps its problem's shape (see truncatedProblem), not a string that no longer parses.
async function boundedCopy(response: Response): Promise<Response> {
  const read = response.body ? await readLimited(response.body, ERROR_BODY_BYTES) : undefined;
  let kept: Uint8Array<ArrayBuffer> | string | null = read?.bytes ?? null;
  const headers = new Headers(response.headers);
  if (read && !read.complete && /json/i.test(headers.get("content-type") ?? "")) {
    kept = JSON.stringify(truncatedProblem(new TextDecoder().decode(read.bytes), response.status, response.statusText));
    headers.delete("content-length");
  }
  const copy = new Response(kept, { status: response.status, statusText: response.statusText, headers });
  // Messages and callers read the URL; a constructed Response has none of its own.
  Object.defineProperties(copy, { url: { value: response.url }, redirected: { value: response.redirected } });
  return copy;
}
