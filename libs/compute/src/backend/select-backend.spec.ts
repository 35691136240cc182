import * as tf from '@tensorflow/tfjs';
import { prefersNativeKernels, selectBackend, tfBackendName } from './select-backend';

const absent = (moduleName: string): unknown => {
  if (moduleName.includes('tfjs-node')) throw new Error(`Cannot find module '${moduleName}'`);
  return require(moduleName);
};

describe('selectBackend', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('without tfjs-node falls back to wasm and says why the others were passed over', async () => {
    const choice = await selectBackend({ load: absent });
    expect(choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.skipped).toEqual([
      { name: 'tensorflow-gpu', reason: "Cannot find module '@tensorflow/tfjs-node-gpu'" },
      { name: 'tensorflow', reason: "Cannot find module '@tensorflow/tfjs-node'" },
    ]);
    expect(prefersNativeKernels(choice)).toBe(true);
  });

  it('a package that loads but registers no backend is skipped, ending at cpu', async () => {
    const choice = await selectBackend({ candidates: ['tensorflow', 'cpu'], load: () => ({}) });
    expect(choice.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(choice.skipped.map((skip) => skip.name)).toEqual(['tensorflow']);
  });

  it('the default loader picks a backend and makes it current', async () => {
    const choice = await selectBackend();
    expect(tf.getBackend()).toBe(tfBackendName(choice.name));
    expect(prefersNativeKernels(choice)).toBe(choice.name !== 'tensorflow-gpu');
  });
});
