/**
 * Times variants without the network, in turns: each variant runs COUNT times as a warm-up, then
 * all take turns of 5,000 calls until each has made COUNT more. Returns each one's median turn, per
 * call, in µs. A call that returns a promise is awaited; a synchronous one is not, so nothing is
 * added to what is timed.
 */
import { median } from "./median.js";

export async function timeInTurns<Name extends string>(
  variants: Record<Name, () => unknown>,
  count: number,
): Promise<Record<Name, number>> {
  const TURN = 5_000;
  const entries = Object.entries(variants) as Array<[Name, () => unknown]>;
  const repeat = async (call: () => unknown, times: number) => {
    for (let i = 0; i < times; i++) {
      const result = call();
      if (result instanceof Promise) await result;
    }
  };
  for (const [, call] of entries) await repeat(call, count);
  const times = new Map<Name, number[]>(entries.map(([name]) => [name, []]));
  for (let done = 0; done < count; done += TURN) {
    for (const [name, call] of entries) {
      const started = performance.now();
      await repeat(call, TURN);
      times.get(name)!.push(((performance.now() - started) * 1000) / TURN);
    }
  }
  return Object.fromEntries(entries.map(([name]) => [name, median(times.get(name)!)])) as Record<Name, number>;
}
