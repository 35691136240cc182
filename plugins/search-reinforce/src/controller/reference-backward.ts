import type { Categorical } from './categorical';
import { decisionGradient, linearBackward } from './decision-gradient';
import { lstmBackward, type LstmStep } from './lstm';
import type { ControllerWeights, Gradients } from './weights';

/** One node of the reference controller's forward pass, as its backward pass needs it. */
export interface ReferenceNode {
  /** The node's LSTM input. */
  x: ArrayLike<number>;
  /** The carried step (its output gives the operator logits) and the thrown-away step on the operator's embedding (its output is the anchor). */
  first: LstmStep;
  second: LstmStep;
  opRaw: Float64Array;
  opDistribution: Categorical;
  op: number;
  /** anchor · attentionEarlier: this node's key for later nodes' attention. */
  projected: Float64Array;
  /** Operator nodes: tanh(key_i + query) per earlier node, scores q_i, the distribution over earlier nodes, the operands. */
  attention?: { keys: Float64Array[]; q: number[]; distribution: Categorical; chosen: number[]; free: number };
}

export interface ReferenceTrace {
  nodes: ReferenceNode[];
  logProb: number;
  entropy: number;
}

const addInto = (target: Float64Array, source: ArrayLike<number>, scale = 1) => {
  for (let i = 0; i < target.length; i++) target[i] += scale * source[i];
};

/** Adds ∇(α·log π + β·H) of one unrolled sample of the reference controller to `grads`. */
export function referenceBackward(nodes: readonly ReferenceNode[], alpha: number, beta: number, weights: ControllerWeights, grads: Gradients, c: number): void {
  const hidden = weights.values('attentionScore').length;
  const k = weights.values('operatorHead').length / hidden;
  const grad = (name: string) => grads.get(name) as Float64Array;
  const kernel = weights.values('lstm0.kernel');
  const score = weights.values('attentionScore');
  const dAnchor = nodes.map(() => new Float64Array(hidden));
  const dKey = nodes.map(() => new Float64Array(hidden));
  // dL/dx of the node after the current one, and dL/d(h, c) of the carried state from it.
  let dNextInput: Float64Array | undefined;
  let dh: Float64Array = new Float64Array(hidden);
  let dc: Float64Array = new Float64Array(hidden);
  for (let j = nodes.length - 1; j >= 0; j--) {
    const node = nodes[j];
    const anchor = node.second.h;
    if (node.attention) {
      const { keys, q, distribution, chosen, free } = node.attention;
      const counts = (i: number) => chosen.filter((x) => x === i).length;
      // Logits are c·tanh(−q): differentiate with respect to −q, then flip the sign.
      const dMinusQ = decisionGradient(distribution, q.map((value) => -value), counts, chosen.length, alpha, beta, c);
      const dQuery = new Float64Array(hidden);
      keys.forEach((u, i) => {
        const dq = -dMinusQ[i];
        if (dq === 0) return;
        for (let d = 0; d < hidden; d++) {
          grad('attentionScore')[d] += dq * u[d];
          const dPre = dq * score[d] * (1 - u[d] * u[d]);
          dKey[i][d] += dPre;
          dQuery[d] += dPre;
        }
      });
      addInto(dAnchor[j], linearBackward(anchor, dQuery, weights.values('attentionQuery'), grad('attentionQuery'), hidden));
      if (dNextInput) for (let i = 0; i < j; i++) if (!chosen.includes(i)) addInto(dAnchor[i], dNextInput, 1 / (1 + free));
    } else if (dNextInput) {
      addInto(grad('start'), dNextInput);
    }
    addInto(dAnchor[j], linearBackward(anchor, dKey[j], weights.values('attentionEarlier'), grad('attentionEarlier'), hidden));
    const viaAnchor = lstmBackward(node.second, dAnchor[j], new Float64Array(hidden), kernel, grad('lstm0.kernel'), grad('lstm0.bias'));
    addInto(grad('operatorEmbedding').subarray(node.op * hidden, (node.op + 1) * hidden), viaAnchor.dInput);
    const dOpRaw = decisionGradient(node.opDistribution, node.opRaw, (i) => (i === node.op ? 1 : 0), 1, alpha, beta, c);
    const dFirst = linearBackward(node.first.h, dOpRaw, weights.values('operatorHead'), grad('operatorHead'), k);
    addInto(dFirst, viaAnchor.dh);
    addInto(dFirst, dh);
    const dcFirst = Float64Array.from(viaAnchor.dc);
    addInto(dcFirst, dc);
    const back = lstmBackward(node.first, dFirst, dcFirst, kernel, grad('lstm0.kernel'), grad('lstm0.bias'));
    dh = back.dh;
    dc = back.dc;
    dNextInput = back.dInput;
  }
  if (dNextInput) addInto(grad('start'), dNextInput);
}
