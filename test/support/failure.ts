import { expect } from "vitest";

/**
 * The error `promise` rejects with, for assertions on its fields; a promise that resolves fails
 * the test. `E` narrows the error's type where a test knows it.
 */
export function failure<E = Error & Record<string, any>>(promise: Promise<unknown>): Promise<E> {
  return promise.then(
    () => expect.unreachable("expected a rejection"),
    (error: unknown) => error as E,
  );
}
