/**
 * `deno task book`: the experiments of chapters 3 and 5 of Nielsen's book
 * that fit the 10,000 digits we ship, our numbers printed beside the
 * book's, and the figures written to docs/ (SVG). `--quick` runs a reduced
 * version of each (what the tests run).
 *
 * `deno run --frozen -R -W=docs book/main.ts [--quick]`
 *
 * @module
 */
import { lineChart, type Point } from "./chart.ts";
import { halvingEpoch, slowdown, slowdownPoints } from "./slowdown.ts";
import {
  bestValidationEpoch,
  type OverfitRun,
  overfitting,
  plateau,
} from "./overfitting.ts";
import { initialisation } from "./initialisation.ts";
import {
  BOOK_SPEEDS,
  columnStats,
  DEEP_NETS,
  speedsDuringTraining,
  startSpeeds,
} from "./vanishing.ts";

const quick = Deno.args.includes("--quick");
const COMMAND = `deno task book${quick ? " --quick" : ""}`;
const P = quick
  ? {
    neuronEpochs: 300,
    overfitEpochs: 30,
    initEpochs: 3,
    initTrain: 2000,
    initSeeds: [1],
    overfitSeeds: [1],
    speedSeeds: [1, 2, 3],
    speedEpochs: 20,
    trainSeeds: [1],
  }
  : {
    neuronEpochs: 300,
    overfitEpochs: 400,
    initEpochs: 30,
    initTrain: 8000,
    initSeeds: [1, 2, 3],
    overfitSeeds: [1, 2, 3],
    speedSeeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((k) => 1000 * k),
    speedEpochs: 500,
    trainSeeds: [1, 2, 3],
  };

const docs = new URL("../docs/", import.meta.url);
async function figure(name: string, svg: Promise<string>): Promise<void> {
  if (quick) return; // the quick run checks the numbers, not the figures
  await Deno.writeTextFile(new URL(name, docs), await svg);
  console.log(`  figure: docs/${name}`);
}
const f3 = (v: number) => v.toFixed(3);
const pc = (v: number) => `${(100 * v).toFixed(1)}%`;
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

// Chapter 3: the learning slowdown
console.log(
  `\n## Chapter 3: the learning slowdown (one neuron, x = 1, y = 0, η = 0.15)\n`,
);
const neuron = slowdown(P.neuronEpochs);
console.log(
  "cost          start             a(0)   a(300)  cost halved at epoch  ‖∂C/∂b‖ at start",
);
for (const r of neuron) {
  console.log(
    `${r.cost.padEnd(12)}  ${`w = ${r.start.w}, b = ${r.start.b}`.padEnd(16)} ${
      f3(r.outputs[0]!)
    }   ${f3(r.outputs.at(-1)!)}   ${String(halvingEpoch(r)).padStart(19)}  ${
      r.startSpeed.toFixed(4)
    }`,
  );
}
console.log(
  "book (quadratic): a(0) = 0.82 and 0.98, a(300) ≈ 0.09 and 0.20; the 2.0 start hardly learns for about 150 epochs; with cross-entropy neither start is slow",
);
for (const r of neuron) {
  for (const f of r.findings) {
    console.log(`doctor (${r.cost}, w = b = ${r.start.w}): ${f}`);
  }
}
await figure(
  "book_slowdown.svg",
  lineChart(slowdownPoints(neuron), {
    title: [
      "Chapter 3: learning slowdown of one sigmoid neuron (η = 0.15)",
      COMMAND,
    ],
    x: "epoch",
    y: "cost (log scale)",
    logY: true,
  }),
);

// Chapter 3: overfitting and L2
console.log(
  `\n## Chapter 3: overfitting ([784, 30, 10], cross-entropy, η = 0.5, batch 10, 1,000 digits, ${P.overfitEpochs} epochs) (${elapsed()})\n`,
);
const overRuns = P.overfitSeeds.map((seed) =>
  overfitting(P.overfitEpochs, 1000, seed)
);
const over = overRuns[0]!;
const spread = (
  f: (r: OverfitRun) => number,
  lambda: number,
  digits = 1,
  scale = 100,
) => {
  const [[m, s]] = columnStats(
    overRuns.map((runs) => [f(runs.find((r) => r.lambda === lambda)!)]),
  ) as [[number, number]];
  return `${(scale * m).toFixed(digits)} ± ${(scale * s).toFixed(digits)}`;
};
console.log(
  `seeds ${
    P.overfitSeeds.join(", ")
  }: mean ± sd; the doctor's findings for seed ${P.overfitSeeds[0]}`,
);
console.log(
  "λ     test acc %, last 50 epochs  best test cost at epoch  final training cost  book",
);
for (const r of over) {
  console.log(
    `${String(r.lambda).padEnd(4)}  ${
      spread((x) => plateau(x.history, 50), r.lambda).padStart(26)
    }  ${
      spread((x) => bestValidationEpoch(x.history), r.lambda, 1, 1).padStart(23)
    }  ${spread((x) => x.history.at(-1)!.loss, r.lambda, 4, 1).padStart(19)}  ${
      r.lambda === 0
        ? "82.27%, test cost lowest near epoch 15"
        : "87.1%, test accuracy still rising"
    }`,
  );
  for (const f of r.findings) console.log(`  doctor: ${f}`);
}
const series = (lambda: number) =>
  lambda === 0 ? "no regularisation" : `L2, λ = ${lambda}`;
await figure(
  "book_overfitting_cost.svg",
  lineChart(
    over.flatMap((r) =>
      r.history.flatMap((h): Point[] => [
        { x: h.epoch, y: h.loss, series: `training cost, ${series(r.lambda)}` },
        {
          x: h.epoch,
          y: h.validationLoss!,
          series: `test cost, ${series(r.lambda)}`,
        },
      ])
    ),
    {
      title: ["Chapter 3: overfitting, 1,000 training digits", COMMAND],
      x: "epoch",
      y: "cross-entropy cost (log scale)",
      logY: true,
    },
  ),
);
await figure(
  "book_overfitting_accuracy.svg",
  lineChart(
    over.flatMap((r) =>
      r.history.map((h) => ({
        x: h.epoch,
        y: h.validationAccuracy!,
        series: series(r.lambda),
      }))
    ),
    {
      title: ["Chapter 3: test accuracy, 1,000 training digits", COMMAND],
      x: "epoch",
      y: "test accuracy",
      format: ".0%",
    },
  ),
);

// Chapter 3: initialisation
console.log(
  `\n## Chapter 3: initialisation ([784, 30, 10], cross-entropy, η = 0.1, batch 10, ${P.initTrain} digits, seeds ${
    P.initSeeds.join(", ")
  }) (${elapsed()})\n`,
);
const inits = initialisation(P.initEpochs, P.initTrain, P.initSeeds);
const epochsShown = [1, 2, 3, 5, 10, 20, 30].filter((e) => e <= P.initEpochs);
console.log(
  `init                 ${
    epochsShown.map((e) => `epoch ${e}`.padStart(9)).join("")
  }`,
);
for (const init of ["large", "default"] as const) {
  const runs = inits.filter((r) => r.init === init);
  const cells = epochsShown.map((e) => {
    const [[mean]] = columnStats(
      runs.map((r) => [r.history[e - 1]!.validationAccuracy!]),
    ) as [[number, number]];
    return pc(mean).padStart(9);
  });
  console.log(
    `${(init === "large" ? "N(0, 1)" : "N(0, 1/n_in)").padEnd(21)}${
      cells.join("")
    }`,
  );
}
console.log(
  "book (50,000 digits, read off its figure): about 87% against 93% after epoch 1, both near 96% by epoch 30",
);
await figure(
  "book_initialisation.svg",
  lineChart(
    inits.flatMap((r) =>
      r.history.map((h) => ({
        x: h.epoch,
        y: h.validationAccuracy!,
        series: `${
          r.init === "large" ? "N(0, 1)" : "N(0, 1/n_in)"
        }, seed ${r.seed}`,
      }))
    ),
    {
      title: [
        `Chapter 3: weight initialisation, ${P.initTrain} digits`,
        COMMAND,
      ],
      x: "epoch",
      y: "test accuracy",
      format: ".0%",
    },
  ),
);

// Chapter 5: the vanishing gradient
console.log(
  `\n## Chapter 5: the vanishing gradient (sigmoid, N(0, 1/n_in), cross-entropy, mean over 1,000 digits, ${P.speedSeeds.length} seeds) (${elapsed()})\n`,
);
for (const [k, sizes] of DEEP_NETS.entries()) {
  const stats = columnStats(startSpeeds(sizes, P.speedSeeds, 1000));
  console.log(`[${sizes.join(", ")}]`);
  console.log(
    `  ours: ${
      stats.map(([m, s]) => `${m.toFixed(4)} ± ${s.toFixed(4)}`).join(", ")
    }`,
  );
  console.log(`  book: ${BOOK_SPEEDS[k]!.join(", ")}`);
  console.log(
    `  last/first: ours ${
      (stats.at(-1)![0] / stats[0]![0]).toFixed(1)
    }×, book ${(BOOK_SPEEDS[k]!.at(-1)! / BOOK_SPEEDS[k]![0]!).toFixed(1)}×`,
  );
}
console.log(
  `\nDuring ${P.speedEpochs} epochs of mini-batch-1000 SGD, η = 0.1, λ = 5.0 (seeds ${
    P.trainSeeds.join(", ")
  }: mean ± sd of last/first hidden; figures: seed ${P.trainSeeds[0]}):`,
);
for (const sizes of DEEP_NETS) {
  const runs = P.trainSeeds.map((seed) =>
    speedsDuringTraining(sizes, P.speedEpochs, 1000, seed)
  );
  const speeds = runs[0]!;
  const at = [0, Math.floor(P.speedEpochs / 5), P.speedEpochs - 1];
  const ratios = columnStats(
    runs.map((run) => at.map((e) => run[e]!.at(-1)! / run[e]![0]!)),
  );
  console.log(
    `  [${sizes.join(", ")}] last/first hidden: ${
      at.map((e, i) =>
        `epoch ${e + 1}: ${ratios[i]![0].toFixed(1)} ± ${
          ratios[i]![1].toFixed(1)
        }×`
      ).join(", ")
    }`,
  );
  await figure(
    `book_vanishing_${sizes.length - 2}.svg`,
    lineChart(
      speeds.flatMap((row, e) =>
        row.map((y, l) => ({ x: e + 1, y, series: `hidden layer ${l + 1}` }))
      ),
      {
        title: [`Chapter 5: speed of learning, [${sizes.join(", ")}]`, COMMAND],
        x: "epoch",
        y: "‖∂C/∂b‖ (log scale)",
        logY: true,
      },
    ),
  );
}
console.log(`\ndone in ${elapsed()}`);
