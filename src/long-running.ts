// The long-running helpers (waitForTask, upload, download) load with their first use, as the request
// pipeline loads with the first call: a client that never waits for a task or moves a file does not
// carry them before its first call.
import { lazy } from "./shared/lazy.js";
import type * as Tasks from "./tasks/wait-for-task.js";
import type * as Downloads from "./transfer/download.js";
import type * as Uploads from "./transfer/upload.js";

/**
 * Waits for a Cognigy Task to end, polling `GET /v2.0/tasks/{taskId}` with growing intervals
 * through the client (its credential, retries, `Retry-After` and pace). Resolves with the finished
 * task; a task that ends in `error` or `cancelled`, or a wait stopped by `maxWaitMs` or `signal`, is a
 * {@link CognigyTaskError} carrying the task. Pass the call that answered 202 to await it in one line.
 *
 * @throws CognigyTaskError as above; the client's errors for a failed poll (after its retries) or
 *   for the starting call's HTTP error.
 * @example
 * const task = await waitForTask(client, client.request("POST", "/v2.0/snapshots", { body: { projectId, name: "nightly" } }), {
 *   onProgress: (task) => console.log(`${task.status} ${task.currentStep}/${task.totalStep}`),
 * });
 */
export const waitForTask: typeof Tasks.waitForTask = lazy(
  async () => (await import("./tasks/wait-for-task.js")).waitForTask,
);

/**
 * Uploads a file as `multipart/form-data` (Cognigy's snapshot, package, extension, knowledge-source
 * and intent uploads): the file part streamed from its source as the body is sent, text fields
 * before it, progress as it goes. The body can be sent only once, so an upload is never retried;
 * a failed one is a typed error (`CognigyConnectionError` with `sent`, or the server's answer).
 *
 * @example
 * const task = await waitForTask(client, upload(client, "/v2.0/snapshots/upload", { file: await fileFromPath("nightly.csnap") }));
 */
export const upload: typeof Uploads.upload = lazy(async () => (await import("./transfer/upload.js")).upload);

/**
 * Downloads a file (a packaged snapshot, a lexicon, intent trainer records) to a stream, piece by
 * piece, with progress; nothing is buffered. The source is a URL, or what Cognigy's
 * `…/downloadlink` routes answer (`{ downloadLink }`). A link on the client's server gets its
 * credential; a link elsewhere (a signed storage URL) is fetched with none. The byte count is
 * checked against `Content-Length`: a body that breaks off or disagrees is a
 * {@link CognigyDownloadError}, and `to` is aborted (a `fileSink` then removes its file).
 *
 * @example
 * await download(client, client.request("POST", "/v2.0/snapshots/{snapshotId}/downloadlink", { params: { path: { snapshotId } } }), {
 *   to: await fileSink("nightly.csnap"),
 *   onProgress: ({ loaded, total }) => console.log(`${loaded} of ${total} bytes`),
 * });
 */
export const download: typeof Downloads.download = lazy(async () => (await import("./transfer/download.js")).download);
