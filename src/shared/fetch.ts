/** A `fetch` as this library takes one everywhere: it is handed a `Request`. */
export type Fetch = (request: Request) => Promise<Response>;

/**
 * What to do when the server redirects to another origin (another host, port or scheme, https →
 * http included): `"refuse"` throws a `CognigyRedirectError`; `"follow-without-credentials"`
 * follows it with no credential. The client's and the generator's fetch follow the same policy.
 */
export type CrossOriginRedirects = "refuse" | "follow-without-credentials";
