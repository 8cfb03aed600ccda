/**
 * Warnings where training still makes sense but the user should know:
 * features that cannot help, classes the test rows cannot score.
 *
 * @module
 */
import { constantColumns, type Dataset } from "../data/dataset.ts";

/**
 * Warns on stderr, one line each, about a feature with one value in the
 * training rows and classes with a single row.
 *
 * @param path The data file, for the message.
 * @param all Every row of it.
 * @param trainSet The training rows, not yet standardised.
 * @param testFile Whether test rows come from a file (then single-row
 * classes are not held out anyway).
 */
export function warnAboutData(
  path: string,
  all: Dataset,
  trainSet: Dataset,
  testFile: boolean,
): void {
  const constant = constantColumns(trainSet.x).map((j) =>
    `'${all.featureNames[j]}'`
  );
  if (constant.length > 0) {
    const shown = constant.length > 5
      ? `${constant.slice(0, 5).join(", ")} and ${constant.length - 5} more`
      : constant.join(", ");
    console.error(
      `warning: '${path}': feature(s) ${shown} have one value in the training rows, so they cannot help; drop them or check the file`,
    );
  }
  if (all.task !== "classification" || testFile) return;
  const counts = new Array<number>(all.classNames.length).fill(0);
  const k = all.y.cols;
  for (let i = 0; i < all.y.rows; i++) {
    for (let j = 0; j < k; j++) if (all.y.data[i * k + j] === 1) counts[j]!++;
  }
  const single = all.classNames.filter((_, j) => counts[j] === 1);
  if (single.length > 0) {
    console.error(
      `warning: '${path}': class(es) ${
        single.map((c) => `'${c}'`).join(", ")
      } have one row, kept for training, so the test rows cannot score them; add rows or give --test FILE`,
    );
  }
}
