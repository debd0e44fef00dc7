/**
 * One transfer measurement, in its own process: `transfer-child.ts VARIANT FAKE_URL FILE` against
 * the bench's fake Cognigy, with a 500 MB file. VARIANT `upload` sends FILE as multipart with
 * upload() from fileFromPath(); `download` creates and packages a snapshot, then streams its 500 MB
 * package to a file with download() and fileSink(); `resumable` sends FILE with uploadResumable()
 * while the fake drops the connection at half. Prints `{ ms, bytes, rssGrowthMb }` (peak RSS over
 * the RSS before the transfer).
 */
import { stat } from "node:fs/promises";
import type * as NodeEntry from "../../src/node/index.js";
import type * as ResumableEntry from "../../src/transfer/resumable.js";
import { memoryMeter } from "./memory.js";
import { built } from "./package.js";

const [variant, url, file] = process.argv.slice(2) as [string, string, string];
const { createCognigyClient, download, upload, waitForTask } = built;
const nodeEntry = "../../dist/node.js";
const resumableEntry = "../../dist/resumable.js";
const { fileFromPath, fileSink } = (await import(nodeEntry)) as typeof NodeEntry;
const { uploadResumable } = (await import(resumableEntry)) as typeof ResumableEntry;
const client = createCognigyClient({ baseUrl: url, apiKey: "bench-key" });
const quick = { initialIntervalMs: 100 };
const projectId = "5ce7c2d833ea1e04d7e6c432";
// The snapshot routes, which the bundled spec lacks, as plain strings: request()'s loose form on any spec.
const route = (path: string) => path;
let prepared: (() => Promise<number>) | undefined;
if (variant === "upload") {
  prepared = async () => {
    const result = await upload(client, "/v2.0/snapshots/upload", {
      file: await fileFromPath(file),
      fields: { projectId },
      throwOnError: true,
    });
    await waitForTask(client, result, quick);
    return (await stat(file)).size;
  };
} else if (variant === "resumable") {
  prepared = async () =>
    (await uploadResumable(client, { file: await fileFromPath(file), retryDelays: [0, 50, 100] })).bytes;
} else {
  const name = `bench-${Date.now()}`;
  await waitForTask(client, client.request("POST", route("/v2.0/snapshots"), { body: { name, projectId } }), quick);
  const { data } = await client.request("GET", route("/v2.0/snapshots"), { throwOnError: true });
  const snapshotId = (data as { items: Array<{ _id: string; name: string }> }).items.find(
    (item) => item.name === name,
  )!._id;
  await waitForTask(
    client,
    client.request("POST", route("/v2.0/snapshots/{snapshotId}/package"), { params: { path: { snapshotId } } }),
    quick,
  );
  const link = await client.request("POST", route("/v2.0/snapshots/{snapshotId}/downloadlink"), {
    params: { path: { snapshotId } },
    throwOnError: true,
  });
  prepared = async () =>
    (await download(client, link.data as { downloadLink: string }, { to: await fileSink(file) })).bytes;
}
const memory = memoryMeter();
memory.start();
const started = performance.now();
const bytes = await prepared();
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, bytes, rssGrowthMb: memory.stop() }));
