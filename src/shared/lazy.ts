/**
 * A function that loads its implementation on first use: `load` (a dynamic import) runs when the
 * function is first called, and every call is handed to what it loaded. Its signature is the
 * implementation's own (`typeof` it at the export), never a copy.
 */
export function lazy<F extends (...args: never[]) => Promise<unknown>>(load: () => Promise<F>): F {
  let loaded: Promise<F> | undefined;
  const loadOnce = () =>
    (loaded ??= load().catch((error: unknown) => {
      // A chunk that failed to load (a network error in a browser) is tried again by the next call.
      loaded = undefined;
      throw error;
    }));
  return (async (...args: Parameters<F>) => (await loadOnce())(...args)) as F;
}
