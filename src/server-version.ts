// checkServerVersion() loads with its first use: it reads the server's whole spec, which most
// clients never do.
import { lazy } from "./shared/lazy.js";
import type * as Version from "./version/check-server-version.js";

/**
 * Compares the API a client is typed from (the bundled spec, or your `api` module) with the spec
 * the server serves (`/openapi/openapi-viewer.json` on its API host): the Cognigy.AI versions, and
 * for each operation compared whether the server lacks it or describes its parameters, request
 * body or responses differently. A mismatch is reported, never thrown unless you ask: as the
 * resolved value, as a `warn` line on the client's logger, and to `onMismatch`.
 *
 * @throws CognigyVersionMismatchError on a mismatch with `throwOnMismatch: true`; the client's errors
 *   when the server's spec cannot be read.
 * @example
 * const report = await checkServerVersion(client, { operations: [client.aiAgents.get] });
 * if (!report.ok) console.warn(report.message);
 */
export const checkServerVersion: typeof Version.checkServerVersion = lazy(
  async () => (await import("./version/check-server-version.js")).checkServerVersion,
);
