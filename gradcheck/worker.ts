/**
 * The Worker of `gradcheckParallel`: rebuilds the network from its JSON,
 * with frozen dropout masks, and computes the numeric gradient of its share
 * of the entries.
 *
 * @module
 */
import type { Layer, LayerJSON } from "../layers/mod.ts";
import { Network } from "../network/mod.ts";
import { Matrix } from "../tensor/mod.ts";
import type { Method } from "./defaults.ts";
import { FixedMask } from "./fixed_mask.ts";
import { numericGradient, type NumericJob } from "./numeric.ts";
import { PartialForward } from "./partial_forward.ts";

/** What the main thread sends first. */
export interface WorkerSetup {
  /** `network.toJSON()`. */
  model: unknown;
  /** The frozen mask of each layer that is a Dropout, else null. */
  masks: (Float64Array | null)[];
  /** Inputs. */
  x: { rows: number; cols: number; data: Float64Array };
  /** Targets. */
  y: { rows: number; cols: number; data: Float64Array };
  /** This worker's entries. */
  jobs: NumericJob[];
  /** The formula. */
  method: Method;
  /** The relative step. */
  epsilon: number;
}

/** What the worker sends back. */
export interface WorkerResult {
  /** Derivatives in job order. */
  numeric: Float64Array;
  /** Kink flags in job order. */
  kink: Uint8Array;
}

/** Builds the network of a setup; returns the computation to run on "go". */
function setupWorker(
  setup: WorkerSetup,
  post: (msg: WorkerResult) => void,
): () => void {
  const model = setup.model as { layers: LayerJSON[] };
  const network = Network.fromJSON(
    { ...model, layers: model.layers.map((l, k) => ({ ...l, index: k })) },
    {
      layers: {
        dropout: (json): Layer =>
          new FixedMask(
            json.size as number,
            setup.masks[json.index as number]!,
          ),
      },
    },
  );
  const x = new Matrix(setup.x.rows, setup.x.cols, setup.x.data);
  const y = new Matrix(setup.y.rows, setup.y.cols, setup.y.data);
  const pf = new PartialForward(network.layers, network.cost, x, y);
  pf.base();
  const layerOf = network.layers.flatMap((l, k) => l.params.map(() => k));
  return () => {
    const r = numericGradient(
      pf,
      network.params,
      layerOf,
      setup.jobs,
      setup.method,
      setup.epsilon,
    );
    post({ numeric: r.numeric, kink: r.kink });
  };
}

// deno-lint-ignore no-explicit-any
const scope = globalThis as any;
if (
  typeof scope.WorkerGlobalScope === "function" &&
  scope instanceof scope.WorkerGlobalScope
) {
  let go: (() => void) | undefined;
  scope.onmessage = (e: MessageEvent) => {
    if (e.data === "go") go!();
    else {
      go = setupWorker(e.data as WorkerSetup, (m) => scope.postMessage(m));
      scope.postMessage("ready");
    }
  };
}
