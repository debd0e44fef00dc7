/**
 * npm run example:move-snapshot — runs the "move a snapshot" recipe of src/guides/transfers-and-tasks.md, as written there,
 * against two fakes of Cognigy (scripts/servers/cognigy-fake.ts) on 127.0.0.1, printing its progress.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { startCognigyFake } from "../servers/cognigy-fake.js";

const guide = await readFile("src/guides/transfers-and-tasks.md", "utf8");
const recipe = /Moving a snapshot from one environment to another[\s\S]*?```ts\n([\s\S]*?)```/.exec(guide)?.[1];
if (!recipe) throw new Error("src/guides/transfers-and-tasks.md has no snapshot recipe");
const [source, target] = await Promise.all([
  startCognigyFake({ apiKey: "source-key" }),
  startCognigyFake({ apiKey: "target-key" }),
]);
const dir = await mkdtemp(resolve(".tmp-example-"));
try {
  Object.assign(process.env, {
    COGNIGY_SOURCE_URL: source.url,
    COGNIGY_SOURCE_KEY: "source-key",
    COGNIGY_TARGET_URL: target.url,
    COGNIGY_TARGET_KEY: "target-key",
  });
  const file = join(dir, "move-snapshot.ts");
  // The package's imports point at this repository's sources.
  await writeFile(
    file,
    recipe
      .replaceAll('"cognigy-openapi-client"', JSON.stringify(resolve("src/index.ts")))
      .replaceAll('"cognigy-openapi-client/node"', JSON.stringify(resolve("src/node/index.ts"))),
  );
  await import(pathToFileURL(file).href);
} finally {
  await rm(dir, { recursive: true, force: true });
  await Promise.all([source.close(), target.close()]);
}
