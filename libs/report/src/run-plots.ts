import type { RunReport } from './report-model';
import { chart, PLOT_HEIGHT, scaleFor, thin, type PlotSpec } from './vega-spec';

const CANDIDATE_AXIS = { field: 'n', type: 'quantitative', title: 'candidate (evaluation order)' };
const EPOCH_AXIS = { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1, format: 'd' } };

/** Fraction of passing candidates over the last `window` ones. */
export function rollingAcceptance(passes: readonly boolean[], window: number): number[] {
  let inWindow = 0;
  return passes.map((pass, i) => {
    inWindow += pass ? 1 : 0;
    if (i >= window && passes[i - window]) inWindow--;
    return inWindow / Math.min(i + 1, window);
  });
}

/** The timeline plots show the first (search) phase: later phases (e.g. an effectiveness test) reward on another scale. */
function searchPlots(report: RunReport): PlotSpec[] {
  const searchPhase = report.phases[0]?.index ?? 0;
  const searched = report.candidates.filter((point) => point.phase === searchPhase);
  const points = searched.filter((point) => Number.isFinite(point.reward));
  if (points.length === 0) return [];
  const inPhase = report.phases.length > 1 ? ` (phase ${searchPhase}: ${report.phases[0].name})` : '';
  const rewards = points.map((point) => point.reward);
  const rows = thin(points).map((point) => ({ n: point.n, reward: point.reward, outcome: point.pass ? 'pass' : 'fail' }));
  const best = thin(points.filter((point) => point.bestSoFar !== null)).map((point) => ({ n: point.n, best: point.bestSoFar }));
  const window = Math.max(10, Math.round(searched.length / 50));
  const acceptance = rollingAcceptance(searched.map((point) => point.pass), window);
  const plots: PlotSpec[] = [
    {
      id: 'reward',
      title: `Reward per candidate${inPhase}`,
      spec: chart(rows, {
        mark: { type: 'point', filled: true, size: 14, opacity: 0.7 },
        encoding: {
          x: CANDIDATE_AXIS,
          y: { field: 'reward', type: 'quantitative', scale: scaleFor(rewards) },
          color: { field: 'outcome', type: 'nominal', scale: { domain: ['pass', 'fail'], range: ['#2b7bba', '#d95f02'] } },
        },
      }),
    },
    {
      id: 'acceptance',
      title: `Acceptance: share of passing candidates over the last ${window}${inPhase}`,
      spec: chart(thin(searched.map((point, i) => ({ n: point.n, acceptance: acceptance[i] }))), {
        mark: { type: 'line' },
        encoding: { x: CANDIDATE_AXIS, y: { field: 'acceptance', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '%' } } },
      }),
    },
  ];
  if (best.length > 0) {
    plots.splice(1, 0, {
      id: 'best-so-far',
      title: `Best reward so far among passing candidates${inPhase}`,
      spec: chart(best, {
        mark: { type: 'line', interpolate: 'step-after', point: best.length < 50 },
        encoding: {
          x: CANDIDATE_AXIS,
          y: { field: 'best', type: 'quantitative', title: 'best reward so far', scale: scaleFor(best.map((row) => row.best as number)) },
        },
      }),
    });
  }
  if (report.throughput.length > 1) {
    plots.push({
      id: 'throughput',
      title: 'Throughput',
      spec: chart(report.throughput.map((bin, i, bins) => ({ ...bin, end: bins[i + 1]?.seconds ?? 2 * bin.seconds - (bins[i - 1]?.seconds ?? 0) })), {
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'seconds', type: 'quantitative', title: 'seconds since the run started' },
          x2: { field: 'end' },
          y: { field: 'candidatesPerSecond', type: 'quantitative', title: 'candidates / s' },
          y2: { datum: 0 },
        },
      }),
    });
  }
  const live = points.filter((point) => point.liveScore !== null);
  if (live.length > 0) {
    plots.push({
      id: 'live-validation',
      title: 'Live model validation score (the reward filter\'s reference)',
      spec: chart(thin(live).map((point) => ({ n: point.n, liveScore: point.liveScore })), {
        mark: { type: 'line', point: { size: 12 } },
        encoding: { x: CANDIDATE_AXIS, y: { field: 'liveScore', type: 'quantitative', title: 'validation', scale: { zero: false } } },
      }),
    });
  }
  return plots;
}

function trainingPlots(report: RunReport): PlotSpec[] {
  if (report.training.length === 0) return [];
  const rows = report.training.flatMap((series) => series.epochs.map((epoch) => ({ training: series.label, metric: series.metric, ...epoch })));
  const color = { field: 'training', type: 'nominal', legend: report.training.length > 12 ? null : {} };
  const metric = report.training[0].metric;
  return [
    {
      id: 'training-validation',
      title: `Validation ${metric} per epoch`,
      spec: chart(rows, { mark: { type: 'line', point: { size: 14 } }, encoding: { x: EPOCH_AXIS, y: { field: 'validation', type: 'quantitative', title: `validation ${metric}`, scale: { zero: false } }, color } }),
    },
    {
      id: 'training-loss',
      title: 'Training loss per epoch',
      spec: chart(rows, { mark: { type: 'line', point: { size: 14 } }, encoding: { x: EPOCH_AXIS, y: { field: 'loss', type: 'quantitative', scale: scaleFor(rows.map((row) => row.loss)) }, color } }),
    },
  ];
}

function hyperparameterPlots(report: RunReport): PlotSpec[] {
  if (report.hyperparameters.length === 0) return [];
  const rows = report.hyperparameters.flatMap((point) => [
    { epoch: point.epoch, group: point.group, name: 'learning rate η', value: point.learningRate },
    { epoch: point.epoch, group: point.group, name: 'L2 λ', value: point.l2 },
  ]);
  return [{
    id: 'hyperparameters',
    title: 'DE-Opt: best individual\'s η and λ per layer group',
    spec: chart(rows, {
      facet: { row: { field: 'name', type: 'nominal', title: null } },
      resolve: { scale: { y: 'independent' } },
      spec: { width: 560, height: PLOT_HEIGHT / 2, mark: { type: 'line', point: { size: 12 } }, encoding: { x: EPOCH_AXIS, y: { field: 'value', type: 'quantitative', title: null, scale: { type: 'symlog', constant: 1e-6 }, axis: { format: '.1~e' } }, color: { field: 'group', type: 'nominal' } } },
    }, { facet: true }),
  }];
}

function gradientPlots(report: RunReport): PlotSpec[] {
  const rows = report.losses.flatMap((loss) =>
    loss.curve.filter((point) => point.dYhat !== null).map((point) => ({ loss: loss.baseline ?? loss.candidate, yhat: point.yhat, label: `y = ${point.y}`, dYhat: point.dYhat })),
  );
  if (rows.length === 0) return [];
  return [{
    id: 'gradients',
    title: '∂loss/∂ŷ for y = 0 and y = 1',
    spec: chart(rows, {
      facet: { column: { field: 'label', type: 'nominal', title: null } },
      spec: { width: 290, height: PLOT_HEIGHT, mark: { type: 'line' }, encoding: { x: { field: 'yhat', type: 'quantitative', title: 'ŷ' }, y: { field: 'dYhat', type: 'quantitative', title: '∂loss/∂ŷ', scale: scaleFor(rows.map((row) => row.dYhat as number)) }, color: { field: 'loss', type: 'nominal' } } },
    }, { facet: true }),
  }];
}

/** Every plot a run's report shows, as Vega-Lite specs (a plot without data is left out). */
export function runPlots(report: RunReport): PlotSpec[] {
  return [...searchPlots(report), ...trainingPlots(report), ...hyperparameterPlots(report), ...gradientPlots(report)];
}
