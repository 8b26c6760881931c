// Times loading the crate in a fresh Node process, the way boot.js does: the
// WebAssembly build (compile + instantiate) and the JavaScript build (import).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const pkg = path.resolve(process.argv[2]);
const glue = pathToFileURL(path.join(pkg, 'clientfill_content_bg.js')).href;
const once = {
  wasm: `
    const t = performance.now();
    const glue = await import(${JSON.stringify(glue)});
    const bytes = (await import('node:fs')).readFileSync(${JSON.stringify(path.join(pkg, 'clientfill_content_bg.wasm'))});
    const { instance } = await WebAssembly.instantiate(bytes, { './clientfill_content_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    console.log(performance.now() - t);`,
  js: `
    const t = performance.now();
    const glue = await import(${JSON.stringify(glue)});
    const exports = await import(${JSON.stringify(pathToFileURL(path.join(pkg, 'clientfill_content_bg.wasm.js')).href)});
    glue.__wbg_set_wasm(exports);
    console.log(performance.now() - t);`,
};
for (const [name, source] of Object.entries(once)) {
  const runs = Array.from({ length: 15 }, () =>
    Number(execFileSync(process.execPath, ['--input-type=module', '-e', source]).toString()),
  ).sort((a, b) => a - b);
  console.log(`${name.padEnd(5)} median ${runs[7].toFixed(1)} ms  (min ${runs[0].toFixed(1)}, max ${runs[14].toFixed(1)})`);
}
