import PQueue from "p-queue";
import { abortable } from "../shared/abortable.js";
import { log, type CognigyLogger } from "../shared/logger.js";

/** How long the server must go without refusing before the client doubles its concurrency again. */
export const RAMP_MS = 1_000;

/**
 * Why the throttle refused an attempt without sending it: the client is paused (a 429 or 503 asked
 * for `pauseMs` more) past the moment the attempt's timeout ends. The caller names the call.
 */
export class PausedPastDeadline extends Error {
  constructor(
    readonly status: number,
    readonly pauseMs: number,
  ) {
    super(`the client is paused ${pauseMs} ms more after a ${status}`);
  }
}

// An attempt waiting for its slot, with the moment its timeout ends and how to let it go.
interface Waiting {
  readonly deadline: number;
  drop: AbortController | undefined;
}

/**
 * A client's shared pace. Every attempt of every call waits here for a slot (at most
 * `maxConcurrency` in flight, in the order they came; retries first). When the server refuses
 * (429, or 503), every call waits out its `Retry-After` (or the backoff), and the concurrency is
 * halved; each second without a refusal doubles it again, up to `maxConcurrency`. The queue is
 * p-queue's; this decides its pace.
 */
export class Throttle {
  readonly #queue: PQueue;
  readonly #max: number;
  readonly #logger: CognigyLogger | undefined;
  /** When queued attempts may start again, after a refusal; 0 when running. */
  #resumeAt = 0;
  /** The status of the refusal that paused the client. */
  #pausedBy = 0;
  /** The attempts waiting for a slot, to fail at once any that a pause outlasts. */
  readonly #waiting = new Set<Waiting>();
  #resumeTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last refusal, or the last time the concurrency was raised after one. */
  #lastChange = 0;
  /** What the concurrency returns to: `maxConcurrency`, or with no limit, what was in flight at the refusal. */
  #ceiling: number;
  /** Counts the slow-downs: attempts that started before the last one heard the same refusal. */
  #generation = 0;

  constructor(maxConcurrency: number, logger: CognigyLogger | undefined) {
    this.#max = maxConcurrency;
    this.#ceiling = maxConcurrency;
    this.#logger = logger;
    this.#queue = new PQueue({ concurrency: maxConcurrency });
  }

  /**
   * Runs `attempt` when the client's pace allows: a retry goes before first attempts. The attempt
   * reports a refusal through `refused` while it holds its slot, so no queued attempt starts first.
   * Rejects with the signal's reason when it aborts first (a timeout or the caller's abort while
   * queued), and with {@link PausedPastDeadline} at once when the client is paused past `deadline`
   * (when the attempt's timeout ends), whether the pause began before it came or while it waits.
   */
  run<T>(
    attempt: (refused: (status: number, pauseMs: number) => void) => Promise<T>,
    signal: AbortSignal,
    retry: boolean,
    deadline: number,
  ): Promise<T> {
    this.#rampUp();
    if (this.#resumeAt > deadline) return Promise.reject(this.#pausedPast());
    let started = false;
    const waiting: Waiting = { deadline, drop: undefined };
    const queued = this.#queue.add(
      () => {
        // Its caller stopped waiting (a timeout, an abort, a pause it cannot outlive): nothing is
        // sent, and the slot is free again at once.
        if (waiting.drop) this.#waiting.delete(waiting);
        if (signal.aborted) return Promise.reject(signal.reason as Error);
        if (waiting.drop?.signal.aborted) return Promise.reject(waiting.drop.signal.reason as Error);
        started = true;
        const generation = this.#generation;
        return attempt((status, pauseMs) => this.#refused(status, pauseMs, generation));
      },
      { priority: retry ? 1 : 0 },
    );
    // p-queue starts an attempt within add() when a slot is free: then the attempt's own signal covers it.
    // Otherwise the timeout, the caller's abort or a pause past the deadline ends the wait for a slot.
    // (Not p-queue's `signal` option: a listener on a combined AbortSignal costs about 7 µs to add and
    // remove, which only a queued attempt pays here.)
    if (started) return queued;
    waiting.drop = new AbortController();
    this.#waiting.add(waiting);
    return abortable(queued, AbortSignal.any([signal, waiting.drop.signal]));
  }

  #pausedPast(): PausedPastDeadline {
    return new PausedPastDeadline(this.#pausedBy, Math.max(0, this.#resumeAt - Date.now()));
  }

  // The server refused with `status`: every call waits `pauseMs`, and fewer go at once after it.
  #refused(status: number, pauseMs: number, generation: number): void {
    const now = Date.now();
    const resumeAt = now + pauseMs;
    // The attempts in flight together all hear the same refusal: only the first slows the client down.
    if (generation === this.#generation) {
      this.#generation++;
      const from = this.#queue.concurrency;
      const to = Math.max(1, Math.floor(Math.min(from, this.#queue.pending) / 2));
      if (this.#max === Infinity) this.#ceiling = Math.max(this.#queue.pending, 2);
      this.#queue.concurrency = to;
      log(
        this.#logger,
        "warn",
        { status, pauseMs, concurrency: to, previousConcurrency: from === Infinity ? "unlimited" : from },
        `the server refused a request (${status}): every call waits ${pauseMs} ms, then at most ${to} at a time`,
      );
    }
    this.#lastChange = now;
    if (resumeAt <= this.#resumeAt) return;
    this.#resumeAt = resumeAt;
    this.#pausedBy = status;
    // A queued attempt whose timeout ends before the pause does is not kept waiting for nothing.
    for (const waiting of this.#waiting) {
      if (waiting.deadline >= resumeAt) continue;
      this.#waiting.delete(waiting);
      waiting.drop?.abort(this.#pausedPast());
    }
    this.#queue.pause();
    clearTimeout(this.#resumeTimer);
    this.#resumeTimer = setTimeout(() => {
      this.#resumeAt = 0;
      // The quiet second that earns a faster pace counts from here, not from the refusal.
      this.#lastChange = Date.now();
      this.#queue.start();
    }, pauseMs);
  }

  // Each RAMP_MS without a refusal doubles the concurrency, until it is back where it was: a quiet
  // spell counts whole, so after five quiet seconds the client is 32 times faster at once.
  #rampUp(): void {
    const current = this.#queue.concurrency;
    if (current >= this.#max || this.#resumeAt !== 0) return;
    const now = Date.now();
    const steps = Math.floor((now - this.#lastChange) / RAMP_MS);
    if (steps < 1) return;
    const raised = current * 2 ** steps;
    const next = raised >= this.#ceiling ? this.#max : raised;
    this.#queue.concurrency = next;
    this.#lastChange += steps * RAMP_MS;
    log(
      this.#logger,
      "info",
      { concurrency: next === Infinity ? "unlimited" : next },
      `no refusal for ${steps * RAMP_MS} ms: ${next === Infinity ? "no limit on" : `at most ${next}`} requests at a time`,
    );
  }
}
