// `npm run build` runs this after tsc: bundles the compiled server (dist/server/main.js, with tsc's decorator metadata)
// and its dependencies into one CommonJS file, dist/bundle/server.cjs, with esbuild, and writes the production entry
// point dist/bundle/main.js (`npm start`), which runs it with V8's code cache (build/loader.mjs). A start then reads one
// file and deserialises bytecode instead of resolving, reading and compiling ≈ 2 200 modules (issue 17, target 4).
// What the server loads on first use (`await import()`: the migrator, the document renderers, PostgreSQL, Redis) is in
// the same file but neither parsed nor compiled before it is called.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { prepareBundle } from './prepare-bundle.mjs';
import { loaderSource } from './loader.mjs';
import { warmCodeCache } from './warm-cache.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const OUT = join(DIST, 'bundle');

// Loaded by path at run time or native: left to Node's resolution from dist/bundle (node_modules is beside it).
const EXTERNAL = [
  'libsql', // native binding (@libsql/<platform>) chosen at run time
  'pg-native', // pg's optional native client, not installed
  'pino-pretty', // optional, required by name in server/logger.ts; also run in a worker by pino's transports
  'thread-stream', // pino's worker thread loads its own files by path
  // knex's dialect drivers it requires lazily by name; MikroORM's SQLite/PostgreSQL drivers bring their own
  'better-sqlite3',
  'sqlite3',
  'mysql',
  'mysql2',
  'oracledb',
  'tedious',
  'pg-query-stream',
  // MikroORM's optional loaders (ts-morph discovery, ts-node/tsx registration), never used by the built server
  'ts-morph',
  'ts-node',
  '@mikro-orm/entity-generator',
  '@mikro-orm/seeder',
  '@mikro-orm/cli',
  // optional peers required inside try/catch by libraries we bundle
  'bufferutil',
  'utf-8-validate',
  'supports-color',
  'kerberos',
  'snappy',
  'aws4',
  '@aws-sdk/credential-providers',
  'mongodb-client-encryption',
];

/**
 * Each compiled file keeps its own `import.meta.url` (files beside it: the migrations listed by name, the web app's
 * folder, pdfmake's fonts through createRequire), computed from the bundle's own URL so dist/ can move as a whole.
 * (Elsewhere, in node_modules, `import.meta.url` is the bundle's URL, as it was in an ES module bundle.)
 */
const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/](server|collab|schema)[\\/].*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(OUT, args.path).split('\\').join('/');
      const url = `new URL(${JSON.stringify(rel)}, __motebokBundleUrl).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * CommonJS packages that read files beside themselves (`__dirname + '/data/…'`: pdfkit's font metrics, ical-timezones'
 * zone files, pino's worker, ioredis' package.json) get their own `__dirname`/`__filename` back (an ES module has
 * none), pointing into node_modules as before, relative to the bundle.
 */
const ownDirname = {
  name: 'own-dirname',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(text)) return undefined;
      const rel = (p) => JSON.stringify(relative(OUT, p).split('\\').join('/'));
      const head = `var __filename = __motebokPath(${rel(args.path)}), __dirname = __motebokPath(${rel(dirname(args.path))});`;
      return { contents: `${head}\n${text}`, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * A package that is not installed (optional drivers and peers that libraries require inside try/catch or only for
 * another dialect) is left as a run-time require: it fails there exactly as it would without the bundle.
 */
const missingStaysExternal = {
  name: 'missing-stays-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'retry' || args.kind === 'entry-point') return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'retry' });
      if (r.errors.length === 0) return r;
      missing.add(args.path);
      return { path: args.path, external: true };
    });
  },
};
const missing = new Set();

/**
 * MikroORM reads its own version with `require('../../package.json')` first (its sources' layout), which esbuild
 * cannot resolve and leaves to run time, where from dist/bundle it finds motebok's package.json (0.1.0) and the
 * version check fails; its second try, `../package.json`, is the published layout: bundled, it gives 6.6.x.
 */
const mikroOrmVersion = {
  name: 'mikro-orm-version',
  setup(b) {
    b.onLoad({ filter: /[\\/]@mikro-orm[\\/]core[\\/]utils[\\/]Utils\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const from = "require('../../package.json').version";
      if (!text.includes(from)) throw new Error(`${args.path}: ${from} not found (MikroORM changed how it reads its version)`);
      return { contents: text.replace(from, "require('../package.json').version"), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

// The previous build's files (chunks, bundle, code caches) go: a cache never outlives its bundle.
await rm(OUT, { recursive: true, force: true });
const BUNDLE = 'server.cjs';
const result = await build({
  entryPoints: [join(DIST, 'server/main.js')],
  outfile: join(OUT, BUNDLE),
  write: false,
  bundle: true,
  format: 'cjs',
  define: { 'import.meta.url': '__motebokBundleUrl' },
  platform: 'node',
  target: 'node20',
  // MikroORM and type-graphql use class names (entity names, GraphQL type names): esbuild must not rename classes.
  keepNames: true,
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: false,
  legalComments: 'none',
  external: EXTERNAL,
  plugins: [ownImportMetaUrl, ownDirname, missingStaysExternal, mikroOrmVersion],
  // The file is a function of CommonJS's module arguments (the loader calls it), so that vm.Script can compile it
  // as it is, without a copy of 15 MB with a wrapper around it. __motebokBundleUrl is read before any bundled file
  // declares its own __filename (ownDirname); __motebokPath gives the files of ownDirname their paths.
  banner: {
    js: [
      '(function (exports, require, module, __filename, __dirname, __motebokImport) {',
      "const __motebokBundleUrl = require('node:url').pathToFileURL(__filename).href;",
      "const __motebokPath = (rel) => require('node:url').fileURLToPath(new URL(rel, __motebokBundleUrl));",
    ].join(' '),
  },
  footer: { js: '})' },
  metafile: true,
  logLevel: 'warning',
});
const [output] = result.outputFiles;
const code = prepareBundle(output.text, BUNDLE);
const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
await mkdir(OUT, { recursive: true });
await writeFile(join(OUT, BUNDLE), code, 'latin1');
await writeFile(join(OUT, 'main.js'), loaderSource(BUNDLE, hash));
const inputs = Object.keys(result.metafile.inputs).length;
if (process.env.BUNDLE_VERBOSE) console.log(`left external (not installed): ${[...missing].sort().join(', ')}`);
console.log(`motebok: server bundled into dist/bundle (${inputs} modules, ${(code.length / 1e6).toFixed(1)} MB in ${(await readdir(OUT)).join(', ')})`);
if (process.env.BUNDLE_META) await writeFile(process.env.BUNDLE_META, JSON.stringify(result.metafile));
// The first start runs from V8's code cache too (build/warm-cache.mjs).
if (await warmCodeCache(ROOT)) console.log('motebok: wrote the code cache for the first start');
