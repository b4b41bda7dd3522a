// npm test: build, type check, every node:test file, then the real-editor tests; ends with one
// "N passed, N failed" line that counts both runners.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs a step with its output shown as it comes, and returns its exit code and output. */
function step(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

let passed = 0;
let failed = 0;
for (const [name, cmd, args] of [
  ['build', process.execPath, ['scripts/build.mjs']],
  ['type check', npm, ['run', '-s', 'typecheck']],
]) {
  const r = await step(cmd, args);
  if (r.code !== 0) {
    console.log(`${name} failed\n0 passed, 1 failed`);
    process.exit(1);
  }
}
const unit = await step(process.execPath, ['scripts/run-tests.mjs']);
passed += Number(/^ℹ pass (\d+)/m.exec(unit.output)?.[1] ?? 0);
failed += Number(/^ℹ fail (\d+)/m.exec(unit.output)?.[1] ?? (unit.code === 0 ? 0 : 1));
const e2e = await step(process.execPath, ['test/e2e/run.mjs']);
const counts = /^(\d+) passed, (\d+) failed$/m.exec(e2e.output.trim().split('\n').pop() ?? '');
passed += Number(counts?.[1] ?? 0);
failed += Number(counts?.[2] ?? (e2e.code === 0 ? 0 : 1));
if (unit.code !== 0 && failed === 0) failed = 1;
if (e2e.code !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
