import { Worker } from 'node:worker_threads';
import type { WasmMemory } from './kernels';

/** Slots of the control words shared with the helper thread. */
const SEQUENCE = 0;
const DONE = 1;
const SLEEPING = 2;
const READY = 3;
const JOB = 4;
/** A job: skipZeros (1: kernel gemm; 0: gemmPairs with gemmDense for an odd last row), then gemm's ten arguments. */
const JOB_WORDS = 11;

/**
 * The helper thread's program (plain JavaScript, as a worker runs it): instantiate the product
 * kernels on the shared memory, then for each new sequence number run the job and report it
 * done. It spins while jobs come often (the gaps of a training step), and sleeps on the
 * sequence word after SPIN_MS without one, so an idle process costs no CPU.
 */
const helperProgram = `
const { workerData, parentPort } = require('node:worker_threads');
const { memory, module, control } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const words = new Int32Array(control);
const SPIN_MS = 2;
let seen = 0;
Atomics.store(words, ${READY}, 1);
parentPort.postMessage('ready');
for (;;) {
  let spinUntil = 0;
  for (let spins = 0; Atomics.load(words, ${SEQUENCE}) === seen; spins++) {
    if ((spins & 1023) !== 1023) continue;
    const now = performance.now();
    if (spinUntil === 0) spinUntil = now + SPIN_MS;
    else if (now > spinUntil) {
      Atomics.store(words, ${SLEEPING}, 1);
      Atomics.wait(words, ${SEQUENCE}, seen);
      Atomics.store(words, ${SLEEPING}, 0);
      spinUntil = 0;
    }
  }
  seen = Atomics.load(words, ${SEQUENCE});
  if (seen < 0) break;
  const [skipZeros, a, aRow, aDepth, b, c, m, depth, n, accumulate, list] = words.subarray(${JOB}, ${JOB + JOB_WORDS});
  if (skipZeros === 1) k.gemm(a, aRow, aDepth, b, c, m, depth, n, accumulate, list);
  else {
    const paired = m & ~1;
    if (paired > 0) k.gemmPairs(a, aRow, aDepth, b, c, paired, depth, n, accumulate, list);
    if (paired < m) k.gemmDense(a + paired * aRow, aRow, aDepth, b, c + paired * n * 4, 1, depth, n, accumulate, list);
  }
  Atomics.store(words, ${DONE}, seen);
}
`;

/** How long the caller waits for a job before deciding the helper thread is gone. */
const STALL_MS = 30_000;

/**
 * A second thread that runs product kernels on a shared wasm memory, one job at a time: the
 * caller `start`s a job on some rows of C, computes the other rows itself, then `finish`es.
 * Each element of C is still summed by one thread in the kernel's order, so results are
 * identical to one thread's. The thread does not keep the process alive.
 */
export class GemmHelper {
  private readonly words = new Int32Array(new SharedArrayBuffer((JOB + JOB_WORDS) * 4));
  private sequence = 0;
  private readonly worker: Worker;
  private failure: Error | undefined;
  /** Settles when the thread is up, or has failed to start. */
  readonly started: Promise<boolean>;

  constructor(memory: WasmMemory, module: object) {
    // No inherited preloads (a ts-node hook would cost the thread a second of start-up).
    this.worker = new Worker(helperProgram, { eval: true, execArgv: [], workerData: { memory, module, control: this.words.buffer } });
    this.started = new Promise((resolve) => {
      this.worker.once('message', () => resolve(true));
      this.worker.once('error', (error) => {
        this.failure = error;
        resolve(false);
      });
    });
    this.worker.unref();
  }

  /** Whether the thread is up (jobs before then are the caller's own). */
  get ready(): boolean {
    return this.failure === undefined && Atomics.load(this.words, READY) === 1;
  }

  /** Jobs the thread has finished. */
  get jobs(): number {
    return Math.max(0, Atomics.load(this.words, DONE));
  }

  /** Hands the thread one job: gemm's arguments (pointers in bytes), and which kernel. */
  start(skipZeros: boolean, a: number, aRow: number, aDepth: number, b: number, c: number, m: number, depth: number, n: number, accumulate: number, list: number): void {
    this.words.set([skipZeros ? 1 : 0, a, aRow, aDepth, b, c, m, depth, n, accumulate, list], JOB);
    Atomics.store(this.words, SEQUENCE, ++this.sequence);
    if (Atomics.load(this.words, SLEEPING) === 1) Atomics.notify(this.words, SEQUENCE);
  }

  /** Waits (spinning: the job takes microseconds) until the thread has finished the job. */
  finish(): void {
    let deadline = 0;
    for (let spins = 0; Atomics.load(this.words, DONE) !== this.sequence; spins++) {
      if ((spins & 0xfffff) !== 0xfffff) continue;
      const now = performance.now();
      if (deadline === 0) deadline = now + STALL_MS;
      else if (now > deadline) throw new Error(`the native product helper thread did not finish a job in ${STALL_MS / 1000} s${this.failure ? `: ${this.failure.message}` : ''}`);
    }
  }

  /** Ends the thread (after its current job). */
  stop(): Promise<number> {
    Atomics.store(this.words, SEQUENCE, -1);
    Atomics.notify(this.words, SEQUENCE);
    return this.worker.terminate();
  }
}
