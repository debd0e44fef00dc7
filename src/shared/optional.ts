import { CognigyMissingDependencyError } from "../errors/errors.js";

/**
 * Loads an optional dependency for `feature`: what `load` imports, or a
 * {@link CognigyMissingDependencyError} naming `packages` when one is not installed.
 */
export async function importOptional<T>(feature: string, packages: readonly string[], load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw error;
    throw new CognigyMissingDependencyError(feature, packages, { cause: error });
  }
}
