/**
 * The next batch's gather, planned ahead: the training loop says which rows
 * come next, and the first Dense layer hands their gather to a worker along
 * with the batch's compression by columns, while the calling thread computes
 * the layers above. A plan belongs to the batch rows it writes (one reused
 * record each, so planning allocates nothing per batch); a ticket tells the
 * planner whether its own plan was carried out, and anything else that
 * writes those rows in between voids it.
 *
 * @module
 */
import type { SparseRows } from "./sparse_rows.ts";
import { settleThreads } from "./threads.ts";

/** The gather planned into one set of batch rows. */
export interface GatherPlan {
  /** `gather_rows`'s arguments: the rows' indices, their count, the data
   * set's and the batch's start, index and value arrays (byte offsets). */
  readonly args: number[];
  /** None, planned, or posted to a worker. */
  state: "none" | "planned" | "posted";
  /** Counts the plans and voids; a planner's ticket is the count it got. */
  ticket: number;
}

const plans = new WeakMap<SparseRows, GatherPlan>();

/**
 * The plan record for `dst` (created once), to fill in before
 * {@linkcode offerGather}.
 *
 * @param dst The batch rows a gather would write.
 * @returns Its record.
 *
 * @example
 * ```ts
 * import { gatherPlan } from "./gather_plan.ts";
 * import { SparseRows } from "./sparse_rows.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = new SparseRows();
 * assert.equal(gatherPlan(rows), gatherPlan(rows));
 * ```
 */
export function gatherPlan(dst: SparseRows): GatherPlan {
  let plan = plans.get(dst);
  if (plan === undefined) {
    plan = { args: new Array<number>(8).fill(0), state: "none", ticket: 0 };
    plans.set(dst, plan);
  }
  return plan;
}

/**
 * Offers the gather whose arguments are in `plan.args` to the layer that
 * reads those rows.
 *
 * @param plan The filled-in record.
 * @returns The planner's ticket, for {@linkcode gatheredAhead}.
 *
 * @example
 * ```ts
 * import { gatheredAhead, gatherPlan, offerGather, takeGather } from "./gather_plan.ts";
 * import { SparseRows } from "./sparse_rows.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = new SparseRows(), ticket = offerGather(gatherPlan(rows));
 * assert.ok(!gatheredAhead(rows, ticket)); // not posted yet
 * const again = offerGather(gatherPlan(rows));
 * assert.equal(takeGather(rows)?.state, "posted");
 * assert.ok(gatheredAhead(rows, again));
 * ```
 */
export function offerGather(plan: GatherPlan): number {
  plan.state = "planned";
  return ++plan.ticket;
}

/**
 * The gather planned into `dst`, for a layer that posts it now (its state
 * becomes "posted"), or undefined.
 *
 * @param dst The layer's batch rows.
 * @returns The plan, or undefined.
 *
 * @example
 * ```ts
 * import { takeGather } from "./gather_plan.ts";
 * import { SparseRows } from "./sparse_rows.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(takeGather(new SparseRows()), undefined);
 * ```
 */
export function takeGather(dst: SparseRows): GatherPlan | undefined {
  const plan = plans.get(dst);
  if (plan === undefined || plan.state !== "planned") return undefined;
  plan.state = "posted";
  return plan;
}

/**
 * Voids any plan for `dst`: for whatever else writes those rows.
 *
 * @param dst Batch rows about to be written.
 *
 * @example
 * ```ts
 * import { gatheredAhead, gatherPlan, offerGather, takeGather, voidGather } from "./gather_plan.ts";
 * import { SparseRows } from "./sparse_rows.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = new SparseRows(), ticket = offerGather(gatherPlan(rows));
 * takeGather(rows);
 * voidGather(rows);
 * assert.ok(!gatheredAhead(rows, ticket));
 * ```
 */
export function voidGather(dst: SparseRows): void {
  const plan = plans.get(dst);
  if (plan === undefined || plan.state === "none") return;
  plan.state = "none";
  plan.ticket++;
}

/**
 * Whether the plan behind `ticket` was posted and nothing has written the
 * rows since: then `dst` holds the planned batch (this waits for the job
 * that gathers it). It clears the plan either way; ticket 0 is no plan.
 *
 * @param dst The batch rows.
 * @param ticket What {@linkcode offerGather} returned.
 * @returns Whether `dst` holds (or, once the job is waited for, will hold)
 * the planned rows.
 *
 * @example
 * ```ts
 * import { gatheredAhead } from "./gather_plan.ts";
 * import { SparseRows } from "./sparse_rows.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(!gatheredAhead(new SparseRows(), 1));
 * ```
 */
export function gatheredAhead(dst: SparseRows, ticket: number): boolean {
  const plan = plans.get(dst);
  if (ticket === 0 || plan === undefined || plan.ticket !== ticket) {
    return false;
  }
  const posted = plan.state === "posted";
  plan.state = "none";
  // the job that gathers them may still run
  if (posted) settleThreads();
  return posted;
}
