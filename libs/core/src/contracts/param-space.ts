import type { Rng } from '../rng/rng';
import type { ParamValue } from './candidate';

export interface RealParam {
  type: 'real';
  min: number;
  max: number;
  /** Sample uniformly in log space (min > 0). */
  log?: boolean;
  /** Expands to `<name>0 … <name><size-1>`, each with these bounds. */
  size?: number;
}
export interface IntegerParam {
  type: 'integer';
  min: number;
  max: number;
  size?: number;
}
export interface CategoricalParam {
  type: 'categorical';
  values: ParamValue[];
}
export type ParamSpec = RealParam | IntegerParam | CategoricalParam;
/** A declared box of named parameters, as written in a config. */
export type ParamSpace = Record<string, ParamSpec>;

/** The JSON schema of a `space` option, for plugin manifests. */
export const paramSpaceSchema = {
  type: 'object',
  minProperties: 1,
  additionalProperties: {
    oneOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'min', 'max'],
        properties: {
          type: { enum: ['real', 'integer'] },
          min: { type: 'number' },
          max: { type: 'number' },
          log: { type: 'boolean' },
          size: { type: 'integer', minimum: 1 },
        },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'values'],
        properties: {
          type: { const: 'categorical' },
          values: { type: 'array', minItems: 1, items: { type: ['number', 'string', 'boolean'] } },
        },
      },
    ],
  },
} as const;

/** One parameter per name, with `size` expanded and bounds checked. */
export function expandSpace(space: ParamSpace): Array<[string, ParamSpec]> {
  const entries: Array<[string, ParamSpec]> = [];
  for (const [name, spec] of Object.entries(space)) {
    if (spec.type !== 'categorical') {
      if (!(spec.min <= spec.max)) throw new RangeError(`parameter ${name}: min ${spec.min} is above max ${spec.max}`);
      if (spec.type === 'real' && spec.log && spec.min <= 0) throw new RangeError(`parameter ${name}: a log scale needs min > 0`);
      if (spec.size !== undefined) {
        const { size: _size, ...one } = spec;
        for (let i = 0; i < spec.size; i++) entries.push([`${name}${i}`, one]);
        continue;
      }
    }
    entries.push([name, spec]);
  }
  return entries;
}

export function sampleParam(spec: ParamSpec, rng: Rng): ParamValue {
  switch (spec.type) {
    case 'real':
      return spec.log ? Math.exp(rng.uniform(Math.log(spec.min), Math.log(spec.max))) : rng.uniform(spec.min, spec.max);
    case 'integer':
      return rng.int(Math.ceil(spec.min), Math.floor(spec.max));
    case 'categorical':
      return rng.pick(spec.values);
  }
}
