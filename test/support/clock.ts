import { afterEach, vi } from "vitest";

/**
 * A fake clock for the test file that calls this at its top: `setTimeout`, `clearTimeout` and `Date`
 * are vitest's fakes while a test runs `await clock.use()`, and real again after it. Time then moves
 * only when the test says (`clock.advance(ms)`), so a retry wait, a pause or a ramp is exact and
 * instant. Only for work that stays in this process (a `mockFetch` or another `fetch` of the
 * test's own): real sockets keep real time.
 */
export function fakeClock() {
  afterEach(() => void vi.useRealTimers());
  return {
    /** Fakes the timers and `Date` from now on, starting at `now` (default: the real time). */
    use(now: number = Date.now()): void {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now });
    },
    /** Moves the clock `ms` on, running every timer due on the way and the promises they settle. */
    advance: (ms: number) => vi.advanceTimersByTimeAsync(ms),
    /** Fakes `Date` only: timers stay real (for loopback servers), and the date moves by `jump`. */
    useDateOnly(now: number = Date.now()): void {
      vi.useFakeTimers({ toFake: ["Date"], now });
    },
    jump: (ms: number) => vi.setSystemTime(Date.now() + ms),
  };
}
