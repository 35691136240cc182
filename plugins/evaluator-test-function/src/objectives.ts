/** A continuous benchmark objective with its known global minimum. */
export interface Objective {
  name: string;
  value(x: readonly number[]): number;
  /** Where the minimum is, for a given dimension. */
  optimum(dimensions: number): number[];
  minimum: number;
}

export const sphere: Objective = {
  name: 'sphere',
  value: (x) => x.reduce((sum, xi) => sum + xi * xi, 0),
  optimum: (d) => new Array(d).fill(0),
  minimum: 0,
};

export const rosenbrock: Objective = {
  name: 'rosenbrock',
  value: (x) => {
    let sum = 0;
    for (let i = 0; i < x.length - 1; i++) sum += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
    return sum;
  },
  optimum: (d) => new Array(d).fill(1),
  minimum: 0,
};

export const rastrigin: Objective = {
  name: 'rastrigin',
  value: (x) => 10 * x.length + x.reduce((sum, xi) => sum + xi * xi - 10 * Math.cos(2 * Math.PI * xi), 0),
  optimum: (d) => new Array(d).fill(0),
  minimum: 0,
};

export const ackley: Objective = {
  name: 'ackley',
  value: (x) => {
    const n = x.length;
    const squares = x.reduce((sum, xi) => sum + xi * xi, 0) / n;
    const cosines = x.reduce((sum, xi) => sum + Math.cos(2 * Math.PI * xi), 0) / n;
    return -20 * Math.exp(-0.2 * Math.sqrt(squares)) - Math.exp(cosines) + 20 + Math.E;
  },
  optimum: (d) => new Array(d).fill(0),
  minimum: 0,
};

export const objectives: Record<string, Objective> = { sphere, rosenbrock, rastrigin, ackley };
