// Verifies what we publish, as a new user would meet it. Run after `npm run build`:
// - every package passes publint and "are the types wrong";
// - every tarball holds a README, an MIT LICENSE and only absolute links, and no class is bundled twice;
// - the tarballs installed together into an empty project outside the repository work through `require` and
//   `import` of every entry point, share one copy of every class (instanceof across entry points and packages,
//   a NonRetryableError dead-lettered once through the testing bus), and their README examples compile (also with
//   the oldest TypeScript we support) and run (core always; a transport when its broker is configured).
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { declaredClasses, duplicatedClasses } from './package-checks/duplicate-classes.mjs';
import { codeBlocks } from './package-checks/readme-examples.mjs';
import { tarballProblems } from './package-checks/tarball-contents.mjs';

/** The oldest TypeScript the published types are checked against; docs/getting-started.md names the same. */
const MINIMUM_TYPESCRIPT = '5.4';
/**
 * A transport's README example runs against a real broker when the broker's variable is set (the test suites'
 * variables; RabbitMQ and Kafka always run in CI). The example reads `as` when it names the variable otherwise.
 */
const BROKER_OF = {
  '@pragmatic-messaging/transport-rabbitmq': { variable: 'RABBITMQ_URL', inCi: true },
  '@pragmatic-messaging/transport-kafka': { variable: 'KAFKA_BROKERS', inCi: true },
  '@pragmatic-messaging/transport-asb': {
    variable: 'ASB_CONNECTION_STRING',
    inCi: false,
    as: 'SERVICEBUS_CONNECTION_STRING',
  },
};

const root = resolve(import.meta.dirname, '..');
const requireFromRoot = createRequire(join(root, 'package.json'));
const manifestOf = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
// Test support (the Service Bus emulator) is private: never published, so not checked here.
const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => !manifestOf(dir).private);
const run = (command, args, cwd = root, env = process.env) =>
  execFileSync(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

let failures = 0;
const check = (label, action) => {
  try {
    const output = action();
    console.log(`ok   ${label}`);
    return output ?? true;
  } catch (error) {
    failures++;
    console.log(
      `FAIL ${label}\n${error.stdout ?? ''}${error.stderr ?? ''}${error.stdout || error.stderr ? '' : error.message}`,
    );
  }
};
const fail = (problems) => {
  if (problems.length > 0) throw new Error(problems.map((problem) => `  - ${problem}`).join('\n'));
};

const manifests = new Map(packages.map((dir) => [dir, manifestOf(dir)]));
for (const dir of packages) {
  const { name } = manifests.get(dir);
  const built = check(`${name} is built (dist/index.js, dist/index.cjs)`, () => {
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) {
      if (!existsSync(join(dir, file))) throw new Error(`${file} is missing: run npm run build first`);
    }
  });
  if (!built) continue;
  check(`publint ${name}`, () => {
    const output = run('npx', ['publint', '--strict', dir]);
    if (/error|warning/i.test(output) && !/All good/i.test(output))
      throw Object.assign(new Error(output), { stdout: output });
  });
  check(`attw ${name}`, () =>
    run('npx', ['attw', '--pack', dir, '--profile', 'node16', '--format', 'table-flipped']),
  );
}

const scratch = mkdtempSync(join(tmpdir(), 'pm-pack-'));
try {
  const unpacked = new Map();
  for (const dir of packages) {
    const { name } = manifests.get(dir);
    const tarball = check(`npm pack ${name}`, () =>
      join(scratch, run('npm', ['pack', '--silent', '--pack-destination', scratch], dir).trim()),
    );
    if (!tarball) continue;
    const into = join(scratch, 'unpacked', basename(dir));
    mkdirSync(into, { recursive: true });
    run('tar', ['-xzf', tarball, '-C', into]);
    unpacked.set(name, { tarball, dir: join(into, 'package') });
    check(`${name}: the tarball has a README, an MIT LICENSE and no repository-relative links`, () =>
      fail(tarballProblems(join(into, 'package'))),
    );
  }
  checkOneCopyOfEveryClass(unpacked);
  const app = installIntoScratchProject(unpacked);
  if (app) {
    probeEntryPoints(app);
    checkReadmeExamples(app, unpacked);
    checkCli(app);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

function checkOneCopyOfEveryClass(unpacked) {
  const core = unpacked.get('@pragmatic-messaging/core');
  for (const [name, { dir }] of unpacked) {
    for (const extension of ['.js', '.cjs']) {
      check(`${name}: every class is declared once in the ${extension} files (shared chunks)`, () =>
        fail(
          duplicatedClasses(join(dir, 'dist'), extension).map(
            ({ name: className, files }) => `class ${className} is bundled into ${files.join(', ')}`,
          ),
        ),
      );
      if (!core || dir === core.dir) continue;
      check(`${name}: no class of core is bundled into the ${extension} files (core stays a peer)`, () => {
        const ofCore = new Set([...declaredClasses(join(core.dir, 'dist'), extension).values()].flat());
        fail(
          [...declaredClasses(join(dir, 'dist'), extension)].flatMap(([file, names]) =>
            names
              .filter((className) => ofCore.has(className))
              .map((className) => `${file} declares ${className}`),
          ),
        );
      });
    }
  }
}

/** An empty project outside the repository with every tarball, their peers and what the probes use. */
function installIntoScratchProject(unpacked) {
  const app = join(scratch, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true }));
  const versionInRepo = (dependency) =>
    JSON.parse(readFileSync(join(root, 'node_modules', dependency, 'package.json'), 'utf8')).version;
  // The same versions as the repository's, so the npm cache has them; the transports' drivers come as peers.
  const extras = ['zod', 'rxjs', 'vitest', '@types/node'].map((name) => `${name}@${versionInRepo(name)}`);
  const installed = check('install every tarball into an empty project outside the repository', () =>
    run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        ...[...unpacked.values()].map(({ tarball }) => tarball),
        ...extras,
        `typescript-minimum@npm:typescript@~${MINIMUM_TYPESCRIPT}.0`,
      ],
      app,
    ),
  );
  return installed ? app : undefined;
}

function probeEntryPoints(app) {
  const probes = [
    ['core-entry-points.cjs', 'probeCoreEntryPoints', 'every entry point of core'],
    ['transports.cjs', 'probeTransports', 'every transport with core'],
  ];
  for (const [file, probe, what] of probes) {
    const path = join(import.meta.dirname, 'package-checks', 'probes', file);
    const onError = '.catch((error) => { console.error(error); process.exit(1); })';
    check(`require() ${what}: one copy of every class`, () =>
      run(
        'node',
        ['-e', `require(${JSON.stringify(path)}).${probe}((s) => require(s), 'require')${onError}`],
        app,
      ),
    );
    const url = JSON.stringify(pathToFileURL(path).href);
    check(`import ${what}: one copy of every class`, () =>
      run(
        'node',
        [
          '--input-type=module',
          '-e',
          `import(${url}).then((m) => m.default.${probe}((s) => import(s), 'import'))${onError}`,
        ],
        app,
      ),
    );
  }
}

/** Every `ts` block of every README compiles against the installed packages; core's run, and brokers' when set. */
function checkReadmeExamples(app, unpacked) {
  const examples = join(app, 'readme-examples');
  mkdirSync(examples);
  const files = [];
  for (const [name, { dir }] of unpacked) {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    const slug = name.replace(/^@pragmatic-messaging\//, '');
    codeBlocks(readme, 'ts').forEach((code, index) => {
      const file = join(examples, `${slug}-${index}.mts`);
      writeFileSync(file, code);
      files.push({ name, file, language: 'ts' });
    });
    codeBlocks(readme, 'js').forEach((code, index) => {
      const file = join(examples, `${slug}-${index}.cjs`);
      writeFileSync(file, code);
      files.push({ name, file, language: 'js' });
    });
  }
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        types: ['node'],
        skipLibCheck: false,
      },
      include: ['readme-examples/*.mts'],
    }),
  );
  const typescripts = [
    [
      `TypeScript ${requireFromRoot('typescript/package.json').version}`,
      requireFromRoot.resolve('typescript/bin/tsc'),
    ],
    [
      `TypeScript ${MINIMUM_TYPESCRIPT} (the oldest supported)`,
      join(app, 'node_modules/typescript-minimum/bin/tsc'),
    ],
  ];
  for (const [which, tsc] of typescripts) {
    check(`the README examples compile with ${which} against the installed packages`, () =>
      run('node', [tsc, '-p', app], app),
    );
  }
  const typescript = requireFromRoot('typescript');
  for (const { name, file, language } of files) {
    const broker = BROKER_OF[name];
    const env = { ...process.env };
    if (broker) {
      const value = process.env[broker.variable];
      if (!value) {
        const notice = `${name}: README example compiled but not run, ${broker.variable} is not set`;
        if (process.env.CI === 'true' && broker.inCi)
          check(notice, () => fail([`${broker.variable} must be set in CI`]));
        else console.log(`skip ${notice}`);
        continue;
      }
      if (broker.as) env[broker.as] = value;
    }
    const runnable = language === 'ts' ? file.replace(/\.mts$/, '.mjs') : file;
    if (language === 'ts') {
      const { outputText } = typescript.transpileModule(readFileSync(file, 'utf8'), {
        compilerOptions: { target: typescript.ScriptTarget.ES2022, module: typescript.ModuleKind.ESNext },
      });
      writeFileSync(runnable, outputText);
    }
    check(`${name}: the README's ${language === 'ts' ? 'ES module' : 'CommonJS'} example runs`, () => {
      const output = run('node', [runnable], app, env);
      if (name === '@pragmatic-messaging/core' && !output.includes('Ticket T-1 created: Printer on fire')) {
        throw new Error(`the example printed ${JSON.stringify(output)}`);
      }
    });
  }
}

/** The `pragmatic-messaging` bin of the installed core describes a user's ES and CommonJS modules. */
function checkCli(app) {
  const modules = {
    'bus.mjs': `import { createInMemoryTransport, createMessaging } from '@pragmatic-messaging/core';
export const messaging = createMessaging({
  service: 'esm-service',
  transport: createInMemoryTransport(),
  publishes: [{ type: 'probe.esm-probed', topic: 'probe' }],
});`,
    'bus.cjs': `const { createInMemoryTransport, createMessaging } = require('@pragmatic-messaging/core');
exports.createBus = async () => {
  return createMessaging({
    service: 'cjs-service',
    transport: createInMemoryTransport(),
    publishes: [{ type: 'probe.cjs-probed', topic: 'probe' }],
  });
};`,
  };
  for (const [file, code] of Object.entries(modules)) writeFileSync(join(app, file), code);
  const bin = join(app, 'node_modules', '.bin', 'pragmatic-messaging');
  for (const [file, args, service] of [
    ['bus.mjs', [], 'esm-service'],
    ['bus.cjs', ['--export', 'createBus'], 'cjs-service'],
  ]) {
    check(`the pragmatic-messaging bin prints the AsyncAPI document of ${file}, from the tarball`, () => {
      const document = JSON.parse(run(bin, ['asyncapi', file, ...args, '--title', 'Probe'], app));
      if (
        document.asyncapi !== '3.0.0' ||
        document.info.title !== 'Probe' ||
        !JSON.stringify(document).includes(service)
      )
        throw new Error(`the bin printed ${JSON.stringify(document).slice(0, 300)}`);
    });
  }
  check('the pragmatic-messaging bin refuses a missing module with a clear message', () => {
    try {
      run(bin, ['asyncapi', 'missing.mjs'], app);
    } catch (error) {
      if (error.status === 1 && /Module not found: missing\.mjs/.test(error.stderr)) return;
      throw error;
    }
    throw new Error('the bin exited 0 for a missing module');
  });
}

if (failures > 0) {
  console.log(`\n${failures} package check(s) failed`);
  process.exit(1);
}
console.log('\nAll package checks passed');
