#!/usr/bin/env node
// Builds the web dashboard (web/ → web/dist, served at /ui/) with esbuild: `npm run build:web`.
// scripts/ensure-deps.mjs imports it to rebuild when the output is missing or older than the sources.
import { copyFileSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'web/dist');
/** index.html is written last, so its time stamp is the build's. */
const builtMarker = path.join(dist, 'index.html');
/** The dashboard's sources, including the API client it shares with the CLI. */
const sources = ['web/src', 'web/index.html', 'src/client'].map((p) => path.join(root, p));

function newestChange(file) {
  const stat = statSync(file);
  return stat.isDirectory() ? Math.max(0, ...readdirSync(file).map((entry) => newestChange(path.join(file, entry)))) : stat.mtimeMs;
}

export function webBuildIsStale() {
  return !existsSync(builtMarker) || Math.max(...sources.map(newestChange)) > statSync(builtMarker).mtimeMs;
}

export async function buildWeb() {
  rmSync(dist, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(root, 'web/src/main.ts')],
    outdir: dist,
    bundle: true,
    format: 'esm',
    minify: true,
    sourcemap: true,
    target: ['chrome109', 'firefox115', 'safari16'],
    logLevel: 'warning',
  });
  copyFileSync(path.join(root, 'web/index.html'), builtMarker);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWeb();
  console.log(`built the dashboard into ${path.relative(process.cwd(), dist) || dist}`);
}
