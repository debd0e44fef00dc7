/** What a failed `fetch` says about why: the system error code when there is one, and plain words. */
export interface NetworkFailure {
  /** The system or undici error code, e.g. `ECONNREFUSED`. */
  readonly code: string | undefined;
  /** E.g. `connection refused (ECONNREFUSED)`, or the error's first line when it has no code. */
  readonly reason: string;
  /** False when the connection failed before a byte of the request left: the server cannot have it. */
  readonly sent: boolean;
}

// Failures that happen before a byte of the request is written.
const NOT_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

const WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found",
  UND_ERR_SOCKET: "the server closed the connection",
  UND_ERR_CONNECT_TIMEOUT: "connect timed out",
};

/** Reads a `fetch` rejection (undici puts the system error in `cause`) the same way everywhere. */
export function describeNetworkFailure(error: unknown): NetworkFailure {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const rawCode = cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  const code = typeof rawCode === "string" ? rawCode : undefined;
  const message =
    typeof cause?.message === "string" ? cause.message : error instanceof Error ? error.message : String(error);
  const reason = code
    ? `${(Object.hasOwn(WORDS, code) && WORDS[code]) || "network error"} (${code})`
    : `network error (${message.split("\n")[0]})`;
  return { code, reason, sent: !(code && NOT_SENT.has(code)) };
}
