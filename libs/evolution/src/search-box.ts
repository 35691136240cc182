import { ConfigError, expandSpace, type ConfigProblem, type ParamSpace, type ParamValue, type Rng } from '@recsearch/core';
import { repairCoordinate, type BoundsHandling } from './bounds';

interface Coordinate {
  name: string;
  /** Bounds in search coordinates: the logarithm for a log-scale parameter. */
  low: number;
  high: number;
  /** Bounds as declared, for the values handed out. */
  min: number;
  max: number;
  log: boolean;
  integer: boolean;
}

function spaceProblems(space: ParamSpace): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [name, spec] of Object.entries(space)) {
    const jsonPath = `/search/space/${name}`;
    if (spec.type === 'categorical') {
      problems.push({ jsonPath, message: 'differential evolution searches real and integer parameters only', expected: 'type "real" or "integer"', found: spec.type });
      continue;
    }
    if (!Number.isFinite(spec.min) || !Number.isFinite(spec.max)) {
      problems.push({ jsonPath, message: 'the box needs finite bounds', found: [spec.min, spec.max] });
    } else if (!(spec.min <= spec.max)) {
      problems.push({ jsonPath, message: `the box is empty: min ${spec.min} is above max ${spec.max}`, found: [spec.min, spec.max] });
    } else if (spec.type === 'real' && spec.log && spec.min <= 0) {
      problems.push({ jsonPath, message: 'a log-scale parameter needs min > 0', found: spec.min });
    } else if (spec.type === 'integer' && Math.ceil(spec.min) > Math.floor(spec.max)) {
      problems.push({ jsonPath, message: `no integer lies in [${spec.min}, ${spec.max}]`, found: [spec.min, spec.max] });
    }
  }
  return problems;
}

/**
 * The search box as DE sees it: one real coordinate per (expanded) parameter. A log-scale
 * parameter is searched in its logarithm; an integer one is searched as a real and rounded
 * only when it is handed out as a candidate (the genotype stays real, so small steps add up).
 */
export class SearchBox {
  private readonly coordinates: Coordinate[];

  constructor(space: ParamSpace) {
    const problems = spaceProblems(space);
    if (problems.length) throw new ConfigError(problems, 'invalid search box for differential evolution');
    this.coordinates = expandSpace(space).map(([name, spec]) => {
      if (spec.type === 'categorical') throw new Error('unreachable: categorical parameters are rejected above');
      const log = spec.type === 'real' && spec.log === true;
      return {
        name,
        low: log ? Math.log(spec.min) : spec.min,
        high: log ? Math.log(spec.max) : spec.max,
        min: spec.min,
        max: spec.max,
        log,
        integer: spec.type === 'integer',
      };
    });
  }

  get dimensions(): number {
    return this.coordinates.length;
  }

  get names(): string[] {
    return this.coordinates.map((c) => c.name);
  }

  /** A point drawn uniformly in search coordinates. */
  sample(rng: Rng): number[] {
    return this.coordinates.map((c) => rng.uniform(c.low, c.high));
  }

  /** Brings a point back into the box: `clip` to the nearest face, or `reflect` off the faces (as often as needed). */
  repair(point: readonly number[], handling: BoundsHandling): number[] {
    return point.map((value, j) => repairCoordinate(value, this.coordinates[j].low, this.coordinates[j].high, handling));
  }

  contains(point: readonly number[]): boolean {
    return point.every((value, j) => value >= this.coordinates[j].low && value <= this.coordinates[j].high);
  }

  /** The candidate's parameters: log coordinates exponentiated, integers rounded, each kept inside its bounds. */
  toParams(point: readonly number[]): Record<string, ParamValue> {
    const params: Record<string, ParamValue> = {};
    this.coordinates.forEach((c, j) => {
      const value = c.log ? Math.exp(point[j]) : point[j];
      params[c.name] = c.integer
        ? Math.min(Math.max(Math.round(value), Math.ceil(c.min)), Math.floor(c.max))
        : Math.min(Math.max(value, c.min), c.max);
    });
    return params;
  }
}
