// Shared by the spec files: tolerances and finite differences.

/** |a − b| ≤ rel · max(|a|, |b|) + abs. */
export function close(a: number, b: number, rel: number, abs = 0): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + abs;
}

/** Central difference of f along argument i, and whether f looks smooth there (two step sizes agree). */
export function centralDifference(f: (...x: number[]) => number, args: readonly number[], i: number, h = 1e-6): { slope: number; smooth: boolean } {
  const at = (step: number) => {
    const up = [...args];
    const down = [...args];
    up[i] += step;
    down[i] -= step;
    return (f(...up) - f(...down)) / (2 * step);
  };
  const slope = at(h);
  const coarse = at(10 * h);
  return { slope, smooth: close(slope, coarse, 1e-4, 1e-7) };
}
