import { CognigyError } from "./base.js";

/**
 * A feature needs a package that is an optional dependency of this library, and it is not
 * installed. `packages` names what to install (with versions that run on Node.js 20); the message
 * says the same: `npm install --save-dev <packages>`.
 */
export class CognigyMissingDependencyError extends CognigyError {
  static {
    this.prototype.name = "CognigyMissingDependencyError";
  }
  /** What needs them, e.g. `"startPrismMock()"`. */
  readonly feature: string;
  /** The packages to install, as `name@version`. */
  readonly packages: readonly string[];

  constructor(feature: string, packages: readonly string[], options?: { cause?: unknown }) {
    super(
      `${feature} needs ${packages.map((name) => name.replace(/(?<=.)@[^@]*$/, "")).join(", ")}, optional dependencies that are not installed: npm install --save-dev ${packages.join(" ")}`,
      options,
    );
    this.feature = feature;
    this.packages = packages;
  }
}

/**
 * Loads an optional dependency for `feature`: what `load` imports, or a
 * {@link CognigyMissingDependencyError} naming `packages` when one is not installed.
 */
export async function importOptional<T>(
  feature: string,
  packages: readonly string[],
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw error;
    throw new CognigyMissingDependencyError(feature, packages, { cause: error });
  }
}
