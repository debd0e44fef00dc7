import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Socket } from "node:net";

/** A local HTTP server: its base URL and how to stop it (also `await using`). */
export interface LocalServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  /** Stops listening and ends every open connection. */
  readonly close: () => Promise<void>;
}

/**
 * Starts `handler` on 127.0.0.1 on a free port (or `port`): every server of the test kit, the tests and the
 * bench starts here, on loopback only. `close()` ends open connections too, so a test never waits
 * for a keep-alive socket to time out.
 */
export async function listen(handler: RequestListener, port = 0): Promise<LocalServer & { readonly server: Server }> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** A loopback port where nothing listens (it was free a moment ago), so connecting is refused. */
export async function closedPort(): Promise<number> {
  const { server, close } = await listen(() => undefined);
  const { port } = server.address() as AddressInfo;
  await close();
  return port;
}
