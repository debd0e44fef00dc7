/**
 * npm run mock [-- --port 4010 --dynamic --cors] — serves generated/openapi.json with Prism on
 * 127.0.0.1 until Ctrl-C, for trying the client or other tools against the normalized spec.
 */
import { parseArgs } from "node:util";
import { startPrismMock } from "../../src/testing/servers/prism.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    spec: { type: "string", default: "generated/openapi.json" },
    dynamic: { type: "boolean", default: false },
    cors: { type: "boolean", default: false },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`mock: --port must be a port number, got ${JSON.stringify(values.port)}`);
  process.exit(1);
}
const prism = await startPrismMock({
  spec: values.spec,
  host: values.host,
  port,
  dynamic: values.dynamic,
  cors: values.cors,
});
console.log(`Prism is serving ${values.spec} on ${prism.url} (Ctrl-C to stop)`);
const stop = () => void prism.close().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
