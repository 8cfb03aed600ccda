/**
 * Run by `threads_fallback_test.ts` in a process of its own: hides
 * SharedArrayBuffer and Worker (as a page without cross-origin isolation
 * would), then trains with 2 threads and prints the weights as JSON.
 *
 * @module
 */
// deno-lint-ignore no-explicit-any
const g = globalThis as any;
delete g.SharedArrayBuffer;
delete g.Worker;
const { trainSmall } = await import("./threads_fixture.ts");
console.log(JSON.stringify(trainSmall(2).map((w) => Array.from(w))));
