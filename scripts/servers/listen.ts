import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A local HTTP server started by a test or the bench. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  readonly server: Server;
  readonly close: () => Promise<void>;
}

/** Starts `handler` on 127.0.0.1 on a free port: every server of the tests and the bench starts here. */
export async function listen(handler: RequestListener): Promise<LocalServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port where nothing listens (it was free a moment ago), so connecting is refused. */
export async function closedPort(): Promise<number> {
  const { server, close } = await listen(() => undefined);
  const { port } = server.address() as AddressInfo;
  await close();
  return port;
}
