import type { Client } from "openapi-fetch";
import { CognigyConfigError } from "../errors/config-error.js";
import type { paths } from "../spec.js";
import type { Throttle } from "../transport/throttle.js";
import type { ClientSettings } from "./options.js";
import type { AnyCognigyClient } from "./types.js";

/** What a call's transport is made of: one openapi-fetch client and one pace (see throttle.ts). */
export interface ClientTransport {
  readonly fetchClient: Client<paths>;
  readonly throttle: Throttle;
}

/**
 * What one client owns: its settings (checked once, when it was created) and its transport, made by
 * its first call (the request pipeline is a chunk of its own, loaded then). Every call and helper
 * reaches them through the client: {@link coreOf}.
 */
export class ClientCore {
  transport: ClientTransport | undefined;

  constructor(readonly settings: ClientSettings) {}
}

// Where a client keeps its core: a property no one else names.
const CORE = Symbol("cognigy-openapi-client core");

/** Gives `client` its core, out of sight of enumeration, JSON and inspection. */
export function attachCore(client: object, core: ClientCore): void {
  Object.defineProperty(client, CORE, { value: core });
}

/** The core of a client made by createCognigyClient. */
export function coreOf(client: AnyCognigyClient): ClientCore {
  const core = (client as { [CORE]?: unknown } | null)?.[CORE];
  if (!(core instanceof ClientCore))
    throw new CognigyConfigError("client", "must be a client made by createCognigyClient");
  return core;
}
