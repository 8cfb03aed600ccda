// deno-fmt-ignore-file: one case per line reads as a table
/**
 * The adversarial cases of battery_test.ts: files, flags, models, paths,
 * devices and values a hostile or careless user gives the CLI. Each runs
 * in a fresh folder holding the files of {@linkcode setUp}.
 */

/** One case: the command, and what must come of it. */
export interface Case {
  /** What the case tries, as a sentence. */
  name: string;
  /** The arguments after `cli.ts`. */
  args: string[];
  /** The exit code. */
  code: number;
  /** What stderr must say (error lines or warnings). */
  stderr?: RegExp;
  /** Files the case may create or change; every other file stays as it was. */
  writes?: string[];
  /** Extra files for this case: name to contents. */
  files?: Record<string, string | Uint8Array>;
  /** Runs before the command (links, FIFOs); may return a process to await. */
  before?: (dir: string) => Promise<Deno.ChildProcess | void>;
  /** More checks on the folder after the run. */
  after?: (dir: string, stdout: string) => Promise<void> | void;
}

const header = "a,b,y\n";
/** 40 rows, two classes told apart by `a`'s sign. */
const twoClasses = header +
  Array.from(
    { length: 40 },
    (_, i) => `${i % 2 ? 1 + i / 40 : -1 - i / 40},${(i * 7) % 5},${i % 2}`,
  ).join("\n") + "\n";
/** The same, with `a` at a scale of 1e-160. */
const tiny = header +
  Array.from(
    { length: 40 },
    (_, i) => `${(i % 2 ? 1 + i / 40 : -1 - i / 40) * 1e-160},${i % 3},${i % 2}`,
  ).join("\n") + "\n";
/** Values near ±1e308 in `a`, still separable. */
const huge = header +
  Array.from(
    { length: 40 },
    (_, i) => `${i % 2 ? 1.7e308 : -1.7e308},${i % 3},${i % 2}`,
  ).join("\n") + "\n";
/** twoClasses with \`a\` a hundred times smaller. */
const small = header +
  Array.from(
    { length: 40 },
    (_, i) => `${(i % 2 ? 1 + i / 40 : -1 - i / 40) / 100},${(i * 7) % 5},${i % 2}`,
  ).join("\n") + "\n";
/** 100 features, 10 rows. */
const wide100 = [
  [...Array.from({ length: 100 }, (_, j) => `f${j}`), "y"].join(","),
  ...[0, 1, 0, 1, 0, 1, 0, 1, 0, 1].map((y, i) =>
    [...Array.from({ length: 100 }, (_, j) => (i * j) % 7), y].join(",")
  ),
].join("\n") + "\n";
const wideHeader = Array.from({ length: 500_000 }, (_, j) => `c${j}`).join(",");

/** Shell commands as a `before` hook. */
export function sh(...commands: string[]) {
  return async (dir: string): Promise<void> => {
    for (const c of commands) {
      const { code } = await new Deno.Command("sh", { args: ["-c", c], cwd: dir })
        .output();
      if (code !== 0) throw new Error(`'${c}' failed`);
    }
  };
}

/** A writer feeding a FIFO while the command reads it. */
function fifoFrom(fifo: string, source: string) {
  return async (dir: string): Promise<Deno.ChildProcess> => {
    await sh(`mkfifo ${fifo}`)(dir);
    return new Deno.Command("sh", {
      args: ["-c", `cat ${source} > ${fifo}`],
      cwd: dir,
      stdout: "null",
      stderr: "null",
    }).spawn();
  };
}

/** A saved model, loosely typed for editing. */
// deno-lint-ignore no-explicit-any
type Json = Record<string, any>;

/** A model JSON from `base.json` with `edit` applied. */
function editModel(edit: (m: Json) => unknown) {
  return async (dir: string): Promise<void> => {
    const m: Json = JSON.parse(
      await Deno.readTextFile(`${dir}/base.json`),
    );
    await Deno.writeTextFile(
      `${dir}/edited.json`,
      JSON.stringify(edit(m) ?? m),
    );
  };
}

async function json(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(path));
}

function ok(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

const T = ["train", "d.csv", "--epochs", "1"];

/** The cases; `base.json` is a model trained on d.csv, `d.csv` is twoClasses. */
export const CASES: Case[] = [
  // --- 1. outputs that would destroy a file
  { name: "--out names the data", args: [...T, "--out", "d.csv"], code: 2, stderr: /--out 'd\.csv': it is an input of this command/ },
  { name: "--plot names the data", args: [...T, "--plot", "d.csv"], code: 2, stderr: /--plot 'd\.csv': it is an input/ },
  { name: "--out names the --test file", args: [...T, "--test", "t.csv", "--out", "t.csv"], code: 2, stderr: /--out 't\.csv': it is an input/, files: { "t.csv": twoClasses } },
  { name: "--out is a symlink to the data", args: [...T, "--out", "link.json"], code: 2, stderr: /the same file as 'd\.csv', an input/, before: sh("ln -s d.csv link.json") },
  { name: "--out is a hard link to the data", args: [...T, "--out", "hard.json"], code: 2, stderr: /the same file as 'd\.csv'/, before: sh("ln d.csv hard.json") },
  { name: "--out is a hard link to the data, even with --force", args: [...T, "--out", "hard.json", "--force"], code: 2, stderr: /the same file as 'd\.csv'/, before: sh("ln d.csv hard.json") },
  { name: "--out is a path to the data through ..", args: [...T, "--out", "sub/../d.csv"], code: 2, stderr: /it is the same file as 'd\.csv'|it is an input/, before: sh("mkdir sub") },
  { name: "predict --out names the data", args: ["predict", "base.json", "d.csv", "--out", "d.csv"], code: 2, stderr: /--out 'd\.csv': it is an input/ },
  { name: "predict --out names the model", args: ["predict", "base.json", "d.csv", "--out", "base.json"], code: 2, stderr: /--out 'base\.json': it is an input/ },
  { name: "predict --out names the model with --force", args: ["predict", "base.json", "d.csv", "--out", "base.json", "--force"], code: 2, stderr: /it is an input/ },
  // --- existing files not ours need --force
  { name: "--out over a foreign file", args: [...T, "--out", "notes.txt"], code: 2, stderr: /'notes\.txt': the file exists and was not written by this command; add --force/, files: { "notes.txt": "my notes\n" } },
  { name: "--out over a foreign file with --force", args: [...T, "--out", "notes.txt", "--force"], code: 0, writes: ["notes.txt"], files: { "notes.txt": "my notes\n" }, after: async (dir) => ok((await json(`${dir}/notes.txt`)).format === "backprop-model", "not a model") },
  { name: "--out over our own model", args: [...T, "--out", "base.json"], code: 0, writes: ["base.json"] },
  { name: "--out over a CSV that is not an input", args: [...T, "--out", "other.csv"], code: 2, stderr: /add --force/, files: { "other.csv": twoClasses } },
  { name: "--plot over a foreign SVG", args: [...T, "--plot", "fig.svg"], code: 2, stderr: /--plot 'fig\.svg': the file exists and was not written/, files: { "fig.svg": "<svg/>\n" } },
  { name: "--plot over a Vega chart from before the plot mark", args: [...T, "--out", "m.json", "--plot", "old.svg"], code: 0, writes: ["m.json", "old.svg"], files: { "old.svg": '<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="1"></svg>\n' } },
  { name: "--plot over our own plot", args: [...T, "--out", "m.json", "--plot", "ours.svg"], code: 0, writes: ["m.json", "ours.svg"], files: { "ours.svg": "<svg></svg>\n<!-- backprop learning curves -->\n" } },
  { name: "--out is a symlink to our model", args: [...T, "--out", "alias.json"], code: 2, stderr: /it is a symbolic link; add --force/, before: sh("ln -s base.json alias.json") },
  { name: "--out is a dangling symlink, --force replaces the link", args: [...T, "--out", "dangling.json", "--force"], code: 0, writes: ["dangling.json"], before: sh("ln -s nowhere.json dangling.json"), after: async (dir) => ok(!(await Deno.lstat(`${dir}/dangling.json`)).isSymlink, "still a link") },
  { name: "predict --out over a foreign CSV", args: ["predict", "base.json", "d.csv", "--out", "other.csv"], code: 2, stderr: /add --force/, files: { "other.csv": "a,b\n1,2\n" } },
  { name: "predict --out over earlier predictions", args: ["predict", "base.json", "d.csv", "--out", "p.csv"], code: 0, writes: ["p.csv"], files: { "p.csv": "y\n0\n" } },
  { name: "predict --out over a foreign CSV with --force", args: ["predict", "base.json", "d.csv", "--out", "other.csv", "--force"], code: 0, writes: ["other.csv"], files: { "other.csv": "a,b\n1,2\n" } },
  // --- devices, FIFOs, folders as outputs
  { name: "--out /dev/null", args: [...T, "--out", "/dev/null"], code: 2, stderr: /'\/dev\/null': it is a device, FIFO or socket/ },
  { name: "--out /dev/zero with --force", args: [...T, "--out", "/dev/zero", "--force"], code: 2, stderr: /device, FIFO or socket/ },
  { name: "--out a FIFO", args: [...T, "--out", "pipe"], code: 2, stderr: /'pipe': it is a device, FIFO or socket/, before: sh("mkfifo pipe") },
  { name: "predict --out /dev/stdout", args: ["predict", "base.json", "d.csv", "--out", "/dev/stdout"], code: 2, stderr: /'\/dev\/stdout': it is a device or a system path/ },
  { name: "--out in a system folder", args: [...T, "--out", "/proc/m.json"], code: 2, stderr: /'\/proc\/m\.json': (it is a device or a system path|cannot write in system folder '\/proc')/ },
  { name: "--out an existing folder", args: [...T, "--out", "sub"], code: 2, stderr: /'sub': it is a folder/, before: sh("mkdir sub") },
  { name: "--out ending in a slash", args: [...T, "--out", "models/"], code: 2, stderr: /it names a folder/ },
  { name: "--out in a missing folder", args: [...T, "--out", "no/such/m.json"], code: 2, stderr: /folder 'no\/such' does not exist; create it first/ },
  { name: "--out under a regular file", args: [...T, "--out", "d.csv/m.json"], code: 2, stderr: /'.*d\.csv' is a file, not a folder/ },
  { name: "--plot in a missing folder leaves no model", args: [...T, "--out", "m.json", "--plot", "figs/c.svg"], code: 2, stderr: /--plot 'figs\/c\.svg': folder 'figs' does not exist/ },
  { name: "--out and --plot name one file", args: [...T, "--out", "same", "--plot", "./same"], code: 2, stderr: /--out writes the same file/ },
  { name: "predict --out in a missing folder", args: ["predict", "base.json", "d.csv", "--out", "x/p.csv"], code: 2, stderr: /folder 'x' does not exist/ },
  // --- names
  { name: "a 300-byte --out name", args: [...T, "--out", `${"m".repeat(295)}.json`], code: 2, stderr: /the file name is 300 bytes long but file systems allow 255/ },
  { name: "a 255-byte unicode --out name", args: [...T, "--out", `${"é".repeat(125)}.json`], code: 0, writes: [`${"é".repeat(125)}.json`] },
  { name: "a newline in the --out name", args: [...T, "--out", "a\nb.json"], code: 2, stderr: /control character \(0x0a\)/ },
  { name: "a tab in the --plot name", args: [...T, "--plot", "a\tb.svg"], code: 2, stderr: /control character \(0x09\)/ },
  { name: "an empty --out", args: [...T, "--out", ""], code: 2, stderr: /Flag '--out' needs a file name/ },
  { name: "unicode, spaces and quotes in names", args: ["train", "dönnées ✓.csv", "--epochs", "1", "--out", `it's "m" ✓.json`], code: 0, writes: [`it's "m" ✓.json`], files: { "dönnées ✓.csv": twoClasses } },
  { name: "a name that starts with a dash, given with =", args: [...T, "--out=-m.json"], code: 0, writes: ["-m.json"] },
  // --- flags
  { name: "a flag as --out's value", args: [...T, "--out", "--json"], code: 2, stderr: /Flag '--out' needs a value \(FILE\) but got the flag '--json'/ },
  { name: "a flag as --label's value", args: [...T, "--label", "-h"], code: 2, stderr: /got the flag '-h'/ },
  { name: "a flag given twice", args: [...T, "--epochs", "2"], code: 2, stderr: /Flag '--epochs' is given twice \('1' and '2'\)/ },
  { name: "a seed past 2^32", args: [...T, "--seed", "4294967297"], code: 2, stderr: /'--seed' must be an integer from 0 to 4294967295, got '4294967297'/ },
  { name: "a negative seed", args: [...T, "--seed", "-1"], code: 2, stderr: /'--seed' must be an integer from 0/ },
  { name: "a fractional seed", args: [...T, "--seed", "1.5"], code: 2, stderr: /'--seed' must be an integer/ },
  { name: "the largest seed", args: [...T, "--seed", "4294967295", "--out", "m.json"], code: 0, writes: ["m.json"] },
  { name: "--hidden 100000000", args: [...T, "--hidden", "100000000"], code: 2, stderr: /hidden layers 100000000 need at least 300,000,001 weights and biases, so training would allocate at least 8\.00 GB; the limit is 50,000,000/ },
  { name: "--hidden past the limit only with the data's sizes", args: ["train", "w100.csv", "--hidden", "490000"], code: 2, stderr: /Flag '--hidden': a 100-490000-2 network has 50,470,002 weights and biases/, files: { "w100.csv": wide100 } },
  { name: "--hidden with an empty size", args: [...T, "--hidden", "30,,10"], code: 2, stderr: /'--hidden' must be layer sizes/ },
  { name: "--hidden negative", args: [...T, "--hidden", "-5"], code: 2, stderr: /'--hidden' must be layer sizes/ },
  { name: "--lr Infinity", args: [...T, "--lr", "Infinity"], code: 2, stderr: /'--lr' must be a positive number/ },
  { name: "--lr that underflows to 0", args: [...T, "--lr", "1e-400"], code: 2, stderr: /'--lr' must be a positive number/ },
  { name: "an empty --delimiter", args: [...T, "--delimiter", ""], code: 2, stderr: /'--delimiter' must be one character/ },
  { name: "--test and --test-split", args: [...T, "--test", "d.csv", "--test-split", "0.3"], code: 2, stderr: /either '--test FILE' or '--test-split F'/ },
  { name: "predict with three files", args: ["predict", "base.json", "d.csv", "d.csv"], code: 2, stderr: /Expected a model and a data file/ },
  { name: "an unknown short flag", args: [...T, "-x"], code: 2, stderr: /Unknown flag '-x'/ },
  // --- data that gave silently wrong results
  { name: "duplicate column names", args: ["train", "dup.csv", "--epochs", "1"], code: 1, stderr: /'dup\.csv': column name 'x' appears twice \(columns 1 and 2\)/, files: { "dup.csv": "x,x,y\n1,2,a\n3,4,b\n" } },
  { name: "an empty label cell", args: ["train", "gap.csv", "--epochs", "1"], code: 1, stderr: /'gap\.csv' on line 3, column 'y': the label is empty/, files: { "gap.csv": "a,y\n1,p\n2,\n3,q\n4,p\n" } },
  { name: "a feature at scale 1e-160 is learnt, not constant", args: ["train", "tiny.csv", "--epochs", "30", "--json", "--out", "m.json"], code: 0, writes: ["m.json"], files: { "tiny.csv": tiny }, after: (_, out) => { const done = JSON.parse(out.trim().split("\n").at(-1)!); ok(done.accuracy === 1, `accuracy ${done.accuracy}`); } },
  { name: "a constant feature is named in a warning", args: ["train", "const.csv", "--epochs", "1", "--out", "m.json"], code: 0, writes: ["m.json"], stderr: /^warning: 'const\.csv': feature\(s\) 'b' have one value in the training rows/, files: { "const.csv": twoClasses.replace(/^([^,\n]+),[^,\n]+,/gm, "$1,7,").replace("a,7,", "a,b,") } },
  { name: "values near ±1e308 give a model with finite scaling", args: ["train", "huge.csv", "--epochs", "5", "--out", "m.json"], code: 0, writes: ["m.json"], files: { "huge.csv": huge }, after: async (dir) => { const m = (await json(`${dir}/m.json`)).metadata as { scaling: { mean: number[]; std: number[] } }; ok([...m.scaling.mean, ...m.scaling.std].every(Number.isFinite), JSON.stringify(m.scaling)); } },
  { name: "a value past 1e308", args: ["train", "inf.csv", "--epochs", "1"], code: 1, stderr: /'inf\.csv' on line 3, column 'a': the value is '1e309', not a finite number/, files: { "inf.csv": "a,y\n1,p\n1e309,q\n2,p\n" } },
  { name: "a class with one row is kept for training, with a warning", args: ["train", "lone.csv", "--epochs", "1", "--out", "m.json"], code: 0, writes: ["m.json"], stderr: /^warning: 'lone\.csv': class\(es\) 'z' have one row, kept for training/, files: { "lone.csv": twoClasses + "0,0,z\n" } },
  { name: "a --test value that overflows the scaling", args: ["train", "small.csv", "--epochs", "1", "--test", "far.csv"], code: 1, stderr: /'far\.csv' on line 3, column 'a': the value '-1\.7e\+308' is so far from the training rows/, files: { "small.csv": small, "far.csv": "a,b,y\n1,1,0\n-1.7e308,1,1\n" } },
  { name: "predict on a value that overflows the scaling", args: ["predict", "edited.json", "far.csv"], code: 1, stderr: /'far\.csv' on line 2, column 'b': the value '1\.7e\+308' is so far/, files: { "far.csv": "a,b\n1,1.7e308\n" }, before: editModel((m) => void (m.metadata.scaling.std[1] = 0.5)) },
  { name: "a --test label the training data lacks", args: [...T, "--test", "new.csv"], code: 1, stderr: /'new\.csv' on line 3, column 'y': label '5' is not one of the model's classes/, files: { "new.csv": "a,b,y\n1,1,0\n1,1,5\n" } },
  { name: "10,001 distinct text labels", args: ["train", "ids.csv"], code: 1, stderr: /'ids\.csv': label column 'y' has 10001 classes over 10001 rows, too many for one-hot targets/, files: { "ids.csv": "a,y\n" + Array.from({ length: 10_001 }, (_, i) => `${i},id${i}`).join("\n") + "\n" } },
  { name: "--early-stop on too few rows", args: ["train", "few.csv", "--early-stop", "3"], code: 1, stderr: /Cannot use --early-stop on 'few\.csv': its 4 training rows are too few to hold out 10% for validation/, files: { "few.csv": "a,y\n1,p\n2,q\n3,p\n4,q\n5,p\n6,q\n" } },
  // --- file shapes
  { name: "a BOM and CRLF line ends", args: ["train", "win.csv", "--epochs", "1", "--out", "m.json"], code: 0, writes: ["m.json"], files: { "win.csv": "\ufeff" + twoClasses.replaceAll("\n", "\r\n") } },
  { name: "a BOM alone", args: ["train", "bom.csv"], code: 1, stderr: /'bom\.csv': the file is empty/, files: { "bom.csv": "\ufeff" } },
  { name: "blank lines only", args: ["train", "blank.csv"], code: 1, stderr: /'blank\.csv': (the file is empty|it has no feature columns)/, files: { "blank.csv": "\n\r\n\n" } },
  { name: "a CRLF header only", args: ["train", "head.csv"], code: 1, stderr: /'head\.csv': it has a header but no data rows/, files: { "head.csv": "a,b,y\r\n" } },
  { name: "a NUL byte in a feature", args: ["train", "nul.csv"], code: 1, stderr: /'nul\.csv' on line 2, column 'b': the value is '\\x00', not a finite number/, files: { "nul.csv": "a,b,y\n1,\0,p\n2,3,q\n" } },
  { name: "a 5 MB line with no end", args: ["train", "long.csv"], code: 1, stderr: /'long\.csv' on line 2: the line is longer than 4194304 bytes/, files: { "long.csv": "a,y\n" + "9".repeat(5 << 20) } },
  { name: "a header of 500,000 columns over one short row", args: ["train", "wide.csv"], code: 1, stderr: /'wide\.csv' on line 1: it has more than 50000 fields/, files: { "wide.csv": `${wideHeader}\n1,2\n` } },
  { name: "the wrong delimiter", args: ["train", "semi.csv"], code: 1, stderr: /'semi\.csv': it has no feature columns besides the label/, files: { "semi.csv": "a;b;y\n1;2;p\n3;4;q\n" } },
  { name: "/dev/null as data (its default --out would be in /dev)", args: ["train", "/dev/null"], code: 1, stderr: /Cannot read '\/dev\/null': it is a device or socket, not a file/ },
  { name: "/dev/zero as data", args: ["train", "/dev/zero", "--out", "m.json"], code: 1, stderr: /Cannot read '\/dev\/zero': it is a device/ },
  { name: "a FIFO as data, fed by a writer", args: ["train", "in.fifo", "--epochs", "1", "--out", "m.json"], code: 0, writes: ["m.json"], before: fifoFrom("in.fifo", "d.csv") },
  { name: "a 100,000-character text cell is shown cut short", args: ["train", "text.csv"], code: 1, stderr: /^error: Cannot parse 'text\.csv' on line 2, column 'a': the value is 'x{37}\.\.\.', not a finite number.{0,120}$/m, files: { "text.csv": `a,y\n${"x".repeat(100_000)},p\n1,q\n` } },
  { name: "a unicode label name given with --label", args: ["train", "uni.csv", "--epochs", "1", "--label", "espèce ✓", "--out", "m.json"], code: 0, writes: ["m.json"], files: { "uni.csv": twoClasses.replace("a,b,y", "a,espèce ✓,b") } },
  // --- hostile models
  { name: "a model claiming 1e8 inputs", args: ["predict", "edited.json", "d.csv"], code: 1, stderr: /'edited\.json': layers\[0\] claims inputSize × outputSize = 100000000 × 30 = 3000000000 weights but field 'weights' holds 60/, before: editModel((m) => void (m.layers[0].inputSize = 1e8)) },
  { name: "a model claiming 1e7 outputs", args: ["evaluate", "edited.json", "d.csv"], code: 1, stderr: /claims inputSize × outputSize = 2 × 10000000/, before: editModel((m) => void (m.layers[0].outputSize = 1e7)) },
  { name: "a model with a null weight", args: ["predict", "edited.json", "d.csv"], code: 1, stderr: /field 'weights' has 'null' at index 3; expected a finite number \(in 'edited\.json'\)/, before: editModel((m) => void (m.layers[0].weights[3] = null)) },
  { name: "a model whose weights overflow the outputs", args: ["predict", "edited.json", "d.csv"], code: 1, stderr: /Cannot use model 'edited\.json': on 'd\.csv' line 2 it outputs '(NaN|-?Infinity)'; its weights are too large/, before: editModel((m) => void m.layers[1].weights.fill(1e308)) },
  { name: "a model that is a JSON array", args: ["predict", "arr.json", "d.csv"], code: 1, stderr: /field 'format' is 'undefined' but must be 'backprop-model' \(in 'arr\.json'\)/, files: { "arr.json": "[1,2,3]" } },
  { name: "a model nested 100,000 deep", args: ["predict", "deep.json", "d.csv"], code: 1, stderr: /(not valid JSON|field 'format' is 'undefined').*deep\.json/, files: { "deep.json": "[".repeat(100_000) + "]".repeat(100_000) } },
  { name: "an empty model file", args: ["evaluate", "empty.json", "d.csv"], code: 1, stderr: /'empty\.json': the file is not valid JSON/, files: { "empty.json": "" } },
  { name: "a CSV given as the model", args: ["predict", "d.csv", "d.csv", "--out", "p.csv"], code: 1, stderr: /'d\.csv': the file is not valid JSON/ },
  { name: "a model without metadata", args: ["predict", "edited.json", "d.csv"], code: 1, stderr: /its metadata has no task; use a model written by 'backprop train'/, before: editModel((m) => void delete m.metadata) },
  { name: "/dev/zero as the model", args: ["predict", "/dev/zero", "d.csv"], code: 1, stderr: /Cannot read model '\/dev\/zero': it is a device or socket, not a file/ },
  { name: "a FIFO as the model, with no writer", args: ["predict", "m.fifo", "d.csv"], code: 1, stderr: /'m\.fifo': it is a device, FIFO or socket/, before: sh("mkfifo m.fifo") },
  { name: "a model's dropout claiming 1e9 units", args: ["predict", "edited.json", "d.csv"], code: 1, stderr: /layers\[1\] has size 1000000000 but the layer before outputs 30/, before: editModel((m) => void m.layers.splice(1, 0, { type: "dropout", size: 1e9, rate: 0.5 })) },
];
