import type { Float64Arena } from '@recsearch/compute';

/**
 * A deferred ∂L/∂K for one LSTM kernel: the backward pass records, per step, the rows it
 * multiplied ([input, previous h], or only a slice of them) and dL/dz, and `addInto` adds
 * Σ_n x_nᵀ·dz_n at the end as one blocked matrix product. Each kernel entry still sums its
 * terms in recording order from the same start, so the result equals per-step accumulation
 * to the bit; the product is just cheaper than a read-modify-write of the kernel per step.
 */
export class KernelGradientLog implements GradientLog {
  private count = 0;
  private capacity = 0;
  /** Column-major: entry r of record n at r·capacity + n (so the product's inner loop is contiguous). */
  private xs = new Float64Array(0);
  private dzs = new Float64Array(0);

  /** `rows` entries of x per record (kernel rows firstRow … firstRow + rows − 1), `width` = 4·hidden. */
  constructor(readonly firstRow: number, readonly rows: number, readonly width: number) {}

  clear(): void {
    this.count = 0;
  }

  /** Records one step: x is the concatenation of `first` and `second` (second may be empty). */
  record(first: ArrayLike<number>, second: ArrayLike<number> | null, dz: Float64Array): void {
    if (this.count === this.capacity) this.grow();
    const { capacity, count: n, xs, dzs } = this;
    const split = first.length;
    for (let r = 0; r < split; r++) xs[r * capacity + n] = first[r];
    if (second) for (let r = split; r < this.rows; r++) xs[r * capacity + n] = second[r - split];
    for (let k = 0; k < this.width; k++) dzs[k * capacity + n] = dz[k];
    this.count++;
  }

  /** dKernel[firstRow + r, k] += Σ_n x_n[r]·dz_n[k], each sum in recording order. */
  addInto(dKernel: Float64Array): void {
    const { count, capacity, xs, dzs, rows, width, firstRow } = this;
    if (count === 0) return;
    let r = 0;
    for (; r + 1 < rows; r += 2) {
      const x0 = r * capacity;
      const x1 = x0 + capacity;
      const out0 = (firstRow + r) * width;
      const out1 = out0 + width;
      let k = 0;
      for (; k + 3 < width; k += 4) {
        const d0 = k * capacity;
        const d1 = d0 + capacity;
        const d2 = d1 + capacity;
        const d3 = d2 + capacity;
        let a00 = dKernel[out0 + k];
        let a01 = dKernel[out0 + k + 1];
        let a02 = dKernel[out0 + k + 2];
        let a03 = dKernel[out0 + k + 3];
        let a10 = dKernel[out1 + k];
        let a11 = dKernel[out1 + k + 1];
        let a12 = dKernel[out1 + k + 2];
        let a13 = dKernel[out1 + k + 3];
        for (let n = 0; n < count; n++) {
          const u = xs[x0 + n];
          const v = xs[x1 + n];
          const p0 = dzs[d0 + n];
          const p1 = dzs[d1 + n];
          const p2 = dzs[d2 + n];
          const p3 = dzs[d3 + n];
          a00 += u * p0;
          a01 += u * p1;
          a02 += u * p2;
          a03 += u * p3;
          a10 += v * p0;
          a11 += v * p1;
          a12 += v * p2;
          a13 += v * p3;
        }
        dKernel[out0 + k] = a00;
        dKernel[out0 + k + 1] = a01;
        dKernel[out0 + k + 2] = a02;
        dKernel[out0 + k + 3] = a03;
        dKernel[out1 + k] = a10;
        dKernel[out1 + k + 1] = a11;
        dKernel[out1 + k + 2] = a12;
        dKernel[out1 + k + 3] = a13;
      }
      for (; k < width; k++) {
        this.addEntry(dKernel, r, k);
        this.addEntry(dKernel, r + 1, k);
      }
    }
    for (; r < rows; r++) for (let k = 0; k < width; k++) this.addEntry(dKernel, r, k);
  }

  private addEntry(dKernel: Float64Array, r: number, k: number): void {
    const { count, capacity, xs, dzs } = this;
    const out = (this.firstRow + r) * this.width + k;
    let sum = dKernel[out];
    for (let n = 0; n < count; n++) sum += xs[r * capacity + n] * dzs[k * capacity + n];
    dKernel[out] = sum;
  }

  private grow(): void {
    const capacity = Math.max(64, this.capacity * 2);
    const xs = new Float64Array(this.rows * capacity);
    const dzs = new Float64Array(this.width * capacity);
    for (let r = 0; r < this.rows; r++) xs.set(this.xs.subarray(r * this.capacity, r * this.capacity + this.count), r * capacity);
    for (let k = 0; k < this.width; k++) dzs.set(this.dzs.subarray(k * this.capacity, k * this.capacity + this.count), k * capacity);
    this.xs = xs;
    this.dzs = dzs;
    this.capacity = capacity;
  }
}

/** What the backward pass needs of a kernel gradient log. */
export interface GradientLog {
  clear(): void;
  record(first: ArrayLike<number>, second: ArrayLike<number> | null, dz: Float64Array): void;
  addInto(dKernel: Float64Array): void;
}

/**
 * KernelGradientLog kept in a Float64Arena (record n's x at xs + n·rows, its dz at dzs + n·width)
 * and its product on the wasm kernel, one kernel row at a time: the same sums in the same order,
 * so the same gradient to the bit.
 */
export class ArenaKernelGradientLog implements GradientLog {
  private count = 0;
  private capacity = 0;
  private xsAt = 0;
  private dzsAt = 0;
  private readonly kernelAt: number;

  constructor(private readonly arena: Float64Arena, readonly firstRow: number, readonly rows: number, readonly width: number) {
    this.kernelAt = arena.allocate(rows * width);
  }

  clear(): void {
    this.count = 0;
  }

  record(first: ArrayLike<number>, second: ArrayLike<number> | null, dz: Float64Array): void {
    if (this.count === this.capacity) this.grow();
    const values = this.arena.values;
    const x = this.xsAt + this.count * this.rows;
    values.set(first, x);
    if (second) values.set(second, x + first.length);
    values.set(dz, this.dzsAt + this.count * this.width);
    this.count++;
  }

  addInto(dKernel: Float64Array): void {
    const { arena, count, rows, width, kernelAt } = this;
    if (count === 0) return;
    const block = dKernel.subarray(this.firstRow * width, (this.firstRow + rows) * width);
    arena.values.set(block, kernelAt);
    for (let r = 0; r < rows; r++) arena.addScaledRows(this.xsAt + r, rows, this.dzsAt, width, count, kernelAt + r * width, width);
    block.set(arena.values.subarray(kernelAt, kernelAt + rows * width));
  }

  /** Twice the room (the arena only grows: the old records are copied, their space left behind). */
  private grow(): void {
    const capacity = Math.max(64, this.capacity * 2);
    const xsAt = this.arena.allocate(this.rows * capacity);
    const dzsAt = this.arena.allocate(this.width * capacity);
    const values = this.arena.values;
    values.copyWithin(xsAt, this.xsAt, this.xsAt + this.count * this.rows);
    values.copyWithin(dzsAt, this.dzsAt, this.dzsAt + this.count * this.width);
    [this.xsAt, this.dzsAt, this.capacity] = [xsAt, dzsAt, capacity];
  }
}
