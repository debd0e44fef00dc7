/** Query parameters that carry credentials (Cognigy's `api_key`, OAuth codes and tokens, the signatures of signed download links). */
const SECRET_QUERY =
  /^(api_key|apikey|access_token|refresh_token|code|client_secret|token|password|signature|sig|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential)$/i;

/**
 * The URL with credential-bearing query values replaced by `[redacted]`, safe for messages and
 * logs. Anything that does not parse as a URL is returned as `[unparseable URL]`.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "[unparseable URL]";
  }
  if (parsed.username || parsed.password) {
    parsed.username = "";
    parsed.password = "";
  }
  let changed = false;
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY.test(key)) {
      parsed.searchParams.set(key, "[redacted]");
      changed = true;
    }
  }
  return changed ? parsed.href.replaceAll("%5Bredacted%5D", "[redacted]") : parsed.href;
}

// The credentials a request carried, by the response it got: kept off the Response itself, and
// gone with it.
const sentWith = new WeakMap<Response, ReadonlySet<string>>();

/** Notes the credentials sent for `response`, so that whatever is made from it can redact them. */
export function rememberCredentials(response: Response, sent: ReadonlySet<string>): void {
  if (sent.size > 0) sentWith.set(response, sent);
}

/**
 * `value` with every credential sent for `response` replaced by `[redacted]` in every string, at
 * any depth (a server may echo the request URL, a key in its query, in a problem's `instance`).
 */
export function redactSent<T>(value: T, response: Response): T {
  const sent = sentWith.get(response);
  return sent ? redactCredentials(value, sent) : value;
}

/** `value` with each credential in `sent`, as sent or percent-encoded, replaced by `[redacted]` in every string at any depth. */
export function redactCredentials<T>(value: T, sent: Iterable<string>): T {
  const forms = new Set<string>();
  for (const credential of sent) {
    // Whole, without its scheme word ("Bearer …"), and as a URL would carry it.
    for (const form of [credential, credential.replace(/^\w+ /, "")]) {
      if (form.length < 4) continue;
      forms
        .add(form)
        .add(encodeURIComponent(form))
        .add(new URLSearchParams({ v: form }).toString().slice(2));
    }
  }
  return forms.size > 0
    ? (redactStrings(
        value,
        [...forms].sort((a, b) => b.length - a.length),
      ) as T)
    : value;
}

function redactStrings(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return secrets.reduce((text, secret) => text.replaceAll(secret, "[redacted]"), value);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, secrets));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redactStrings(key, secrets), redactStrings(item, secrets)]),
    );
  }
  return value;
}
