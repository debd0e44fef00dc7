/** Query parameters that carry credentials (Cognigy's `api_key`, OAuth codes and tokens). */
const SECRET_QUERY = /^(api_key|apikey|access_token|refresh_token|code|client_secret|token|password)$/i;

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
