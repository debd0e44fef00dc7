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

// An attempt waiting for its slot: the moment its timeout ends, and how to start or fail it.
interface Waiting {
  readonly deadline: number;
  start(): void;
  fail(reason: Error): void;
}

/**
 * A client's shared pace. Every attempt of every call waits here for a slot (at most
 * `maxConcurrency` in flight, in the order they came; retries first). When the server refuses
 * (429, or 503), every call waits out its `Retry-After` (or the backoff), and the concurrency is
 * halved; each second without a refusal doubles it again, up to `maxConcurrency`.
 *
 * The slots are counted here (no queue library): an attempt with a free slot starts at once, in
 * the caller's own turn, and only one that must wait costs a promise and an abort listener.
 */
export class Throttle {
  readonly #max: number;
  readonly #logger: CognigyLogger | undefined;
  /** How many attempts may be in flight now. */
  #concurrency: number;
  /** How many are. */
  #active = 0;
  /** Attempts waiting for a slot, in the order they came: retries, then first attempts. */
  readonly #retries: Waiting[] = [];
  readonly #firsts: Waiting[] = [];
  /** When queued attempts may start again, after a refusal; 0 when running. */
  #resumeAt = 0;
  /** The status of the refusal that paused the client. */
  #pausedBy = 0;
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
    this.#concurrency = maxConcurrency;
    this.#logger = logger;
  }

  /**
   * Runs `attempt` when the client's pace allows: a retry goes before first attempts. The attempt
   * reports a refusal through `refused` while it holds its slot, so no queued attempt starts first.
   * Rejects with the signal's reason when it aborts while the attempt waits (a timeout or the
   * caller's abort), and with {@link PausedPastDeadline} at once when the client is paused past
   * `deadline` (when the attempt's timeout ends), whether the pause began before it came or while
   * it waits. Once started, the attempt bounds itself.
   */
  run<T>(
    attempt: (refused: (status: number, pauseMs: number) => void) => Promise<T>,
    signal: AbortSignal,
    retry: boolean,
    deadline: number,
  ): Promise<T> {
    this.#rampUp();
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    if (this.#resumeAt > deadline) return Promise.reject(this.#pausedPast());
    if (this.#resumeAt === 0 && this.#active < this.#concurrency && this.#retries.length + this.#firsts.length === 0)
      return this.#start(attempt);
    const queue = retry ? this.#retries : this.#firsts;
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        signal.removeEventListener("abort", onAbort);
        const at = queue.indexOf(waiting);
        if (at !== -1) queue.splice(at, 1);
      };
      const onAbort = () => {
        leave();
        reject(signal.reason as Error);
      };
      const waiting: Waiting = {
        deadline,
        start: () => {
          leave();
          this.#start(attempt).then(resolve, reject);
        },
        fail: (reason) => {
          leave();
          reject(reason);
        },
      };
      queue.push(waiting);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  // Holds a slot for the attempt until it settles, then hands the slot on.
  #start<T>(attempt: (refused: (status: number, pauseMs: number) => void) => Promise<T>): Promise<T> {
    this.#active++;
    const generation = this.#generation;
    const release = () => {
      this.#active--;
      this.#next();
    };
    const running = attempt((status, pauseMs) => this.#refused(status, pauseMs, generation));
    running.then(release, release);
    return running;
  }

  // Starts waiting attempts while there are slots and the client is not paused.
  #next(): void {
    while (this.#resumeAt === 0 && this.#active < this.#concurrency) {
      const waiting = this.#retries[0] ?? this.#firsts[0];
      if (!waiting) return;
      waiting.start();
    }
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
      const from = this.#concurrency;
      const to = Math.max(1, Math.floor(Math.min(from, this.#active) / 2));
      if (this.#max === Infinity) this.#ceiling = Math.max(this.#active, 2);
      this.#concurrency = to;
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
    for (const waiting of [...this.#retries, ...this.#firsts])
      if (waiting.deadline < resumeAt) waiting.fail(this.#pausedPast());
    clearTimeout(this.#resumeTimer);
    this.#resumeTimer = setTimeout(() => {
      this.#resumeAt = 0;
      // The quiet second that earns a faster pace counts from here, not from the refusal.
      this.#lastChange = Date.now();
      this.#next();
    }, pauseMs);
  }

  // Each RAMP_MS without a refusal doubles the concurrency, until it is back where it was: a quiet
  // spell counts whole, so after five quiet seconds the client is 32 times faster at once.
  #rampUp(): void {
    const current = this.#concurrency;
    if (current >= this.#max || this.#resumeAt !== 0) return;
    const now = Date.now();
    const steps = Math.floor((now - this.#lastChange) / RAMP_MS);
    if (steps < 1) return;
    const raised = current * 2 ** steps;
    const next = raised >= this.#ceiling ? this.#max : raised;
    this.#concurrency = next;
    this.#lastChange += steps * RAMP_MS;
    log(
      this.#logger,
      "info",
      { concurrency: next === Infinity ? "unlimited" : next },
      `no refusal for ${steps * RAMP_MS} ms: ${next === Infinity ? "no limit on" : `at most ${next}`} requests at a time`,
    );
    this.#next();
  }
}
