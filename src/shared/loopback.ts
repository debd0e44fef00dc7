/** True for 127.0.0.0/8, ::1 and localhost: addresses that never leave this machine. */
export function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || hostname === "::1" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * True for a plain `http://` URL that may carry credentials all the same: one on loopback (local
 * mocks), or any when the caller allowed insecure http. The one rule for base URLs, redirects and
 * OAuth2 endpoints.
 */
export function isPlainHttpAllowed(url: URL, allowInsecureHttp: boolean | undefined): boolean {
  return url.protocol === "http:" && (allowInsecureHttp === true || isLoopback(url.hostname));
}
