import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { listOperations, serializeDocument, type OpenApiDocument } from "../../../src/codegen/openapi-document.js";

/** The committed raw snapshot and its provenance, relative to the spec folder. */
export const SNAPSHOT_FILE = "cognigy.openapi.json";
export const SOURCE_FILE = "SOURCE.json";

/** Where a snapshot came from: what `openapi/SOURCE.json` records. */
export interface SnapshotSource {
  /** `url` for the published spec, `docs` for pages merged with --from-docs. */
  kind: "url" | "docs";
  /** The spec URL, the llms.txt index, or the list of pages and files. */
  from: string[];
  retrievedAt: string;
  infoVersion: string | null;
  operationCount: number;
  sha256: string;
  file: string;
}

/** What {@link writeSnapshot} did. */
export type SnapshotResult = { changed: boolean; source: SnapshotSource };

/**
 * Writes the snapshot and SOURCE.json into `dir`, each through a temporary file and a rename so a
 * failure never leaves a half-written or missing snapshot. When the bytes equal what is already
 * there, nothing is touched (the recorded date stays the one of the last real change).
 */
export async function writeSnapshot(
  dir: string,
  document: OpenApiDocument,
  origin: Pick<SnapshotSource, "kind" | "from">,
  now: Date = new Date(),
): Promise<SnapshotResult> {
  const bytes = serializeDocument(document);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const previous = await readSource(dir);
  const current = await readFile(join(dir, SNAPSHOT_FILE), "utf8").catch(() => undefined);
  if (previous && previous.sha256 === sha256 && current === bytes) return { changed: false, source: previous };

  const source: SnapshotSource = {
    kind: origin.kind,
    from: origin.from,
    retrievedAt: now.toISOString(),
    infoVersion: typeof document.info.version === "string" ? document.info.version : null,
    operationCount: listOperations(document).length,
    sha256,
    file: SNAPSHOT_FILE,
  };
  await mkdir(dir, { recursive: true });
  // Both files are fully written before either replaces its predecessor.
  const snapshot = await writeTemporary(join(dir, SNAPSHOT_FILE), bytes);
  const record = await writeTemporary(join(dir, SOURCE_FILE), `${JSON.stringify(source, null, 2)}\n`).catch(
    async (error: unknown) => {
      await snapshot.discard();
      throw error;
    },
  );
  await snapshot.commit();
  await record.commit();
  return { changed: true, source };
}

/** Reads `SOURCE.json` from a spec folder, or undefined when there is none yet. */
export async function readSource(dir: string): Promise<SnapshotSource | undefined> {
  const text = await readFile(join(dir, SOURCE_FILE), "utf8").catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as SnapshotSource);
}

/** Writes a file by renaming a sibling temporary file over it (atomic on one file system). */
export async function writeFileAtomic(file: string, contents: string): Promise<void> {
  await (await writeTemporary(file, contents)).commit();
}

/** Writes `contents` beside `file`; `commit()` renames it over `file`, `discard()` removes it. */
async function writeTemporary(
  file: string,
  contents: string,
): Promise<{ commit(): Promise<void>; discard(): Promise<void> }> {
  const temporary = join(dirname(file), `.tmp-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const discard = () => rm(temporary, { force: true });
  try {
    await writeFile(temporary, contents);
  } catch (error) {
    await discard();
    throw error;
  }
  return {
    commit: () =>
      rename(temporary, file).catch(async (error: unknown) => {
        await discard();
        throw error;
      }),
    discard,
  };
}
