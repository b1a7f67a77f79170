import { hex } from './names';

/** Everything a step's simulated script needs to know about its run. */
export interface ScriptContext {
  params: Record<string, string>;
  random: () => number;
  templateRef: string;
  workflow: string;
  namespace: string;
  gitRevision: string;
  image: string;
  /** `sandbox.openchoreo.dev/log-bytes`: the build step writes about this many bytes. */
  logBytes?: number;
}

export interface ScriptOutput {
  name: string;
  value: string;
  path: string;
}

export interface Script {
  /** Realistic duration of the main container, in milliseconds. */
  mainMs: number;
  lines: string[];
  outputs: ScriptOutput[];
  fail?: { message: string; exitCode: number };
}

/**
 * The failure hook (documented in docs/sandbox.md): a build whose app path,
 * Dockerfile path or Docker context contains this fails with "no Dockerfile found".
 */
export const MISSING_DOCKERFILE = 'missing-dockerfile';

/** Whether any of the build's paths asks for the missing-Dockerfile failure. */
function wantsMissingDockerfile(...paths: string[]): boolean {
  return paths.some(path => path.includes(MISSING_DOCKERFILE));
}

/** ANSI SGR sequences, as coloured build tools write them. */
const ansi = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
  cyan: '\u001b[36m',
  gray: '\u001b[90m',
};

function between(random: () => number, min: number, max: number): number {
  return Math.round(min + (max - min) * random());
}

function sha(random: () => number): string {
  return `sha256:${hex(random, 64)}`;
}

function clone(ctx: ScriptContext): Script {
  const { params, random } = ctx;
  const repo =
    params['git-repo'] || 'https://github.com/openchoreo/sample-workloads';
  const branch = params.branch || params['gitops-branch'] || 'main';
  const commit = params.commit;
  const objects = between(random, 800, 4000);
  const deltas = Math.floor(objects * 0.4);
  const lines = commit
    ? [
        `Cloning specific commit: ${commit}`,
        `Cloning into '/mnt/vol/source'...`,
      ]
    : [
        `Cloning branch: ${branch} with latest commit`,
        `Cloning into '/mnt/vol/source'...`,
      ];
  lines.push(
    `remote: Enumerating objects: ${objects}, done.`,
    `remote: Counting objects: 100% (${Math.floor(objects / 3)}/${Math.floor(
      objects / 3,
    )}), done.`,
    `remote: Compressing objects: 100% (${Math.floor(objects / 5)}/${Math.floor(
      objects / 5,
    )}), done.`,
    `remote: Total ${objects} (delta ${deltas}), reused ${Math.floor(
      objects / 4,
    )} (delta ${Math.floor(deltas / 2)}), pack-reused ${Math.floor(
      objects / 2,
    )}`,
    `Receiving objects: 100% (${objects}/${objects}), ${(objects / 600).toFixed(
      2,
    )} MiB | ${between(random, 4, 30)}.${between(random, 10, 99)} MiB/s, done.`,
    `Resolving deltas: 100% (${deltas}/${deltas}), done.`,
  );
  if (commit)
    lines.push(
      `From ${repo}`,
      ` * branch            ${commit} -> FETCH_HEAD`,
      `HEAD is now at ${commit.slice(0, 7)} Merge pull request #${between(
        random,
        10,
        400,
      )}`,
    );
  return {
    mainMs: between(random, 5000, 10000),
    lines,
    outputs: [
      {
        name: 'git-revision',
        value: ctx.gitRevision,
        path: '/tmp/git-revision.txt',
      },
    ],
  };
}

/**
 * Inserts `extra` into `lines` at `index` with loops: `splice(i, 0, ...extra)` passes every line
 * as an argument and overflows the stack for big logs (~120k lines).
 */
function insertLines(lines: string[], index: number, extra: string[]): void {
  const tail = lines.splice(index);
  for (const line of extra) lines.push(line);
  for (const line of tail) lines.push(line);
}

/** Filler lines for `sandbox.openchoreo.dev/log-bytes` benchmarks. */
function filler(ctx: ScriptContext, bytes: number): string[] {
  const out: string[] = [];
  let total = 0;
  let i = 0;
  while (total < bytes) {
    const line = `${ansi.gray}[build]${ansi.reset} compiling module ${i} ${hex(
      ctx.random,
      16,
    )} ${ansi.green}ok${ansi.reset} ${'.'.repeat(40)}`;
    out.push(line);
    total += line.length + 1;
    i++;
  }
  return out;
}

function dockerBuild(ctx: ScriptContext): Script {
  const { params, random } = ctx;
  const appPath = params['app-path'] || '.';
  const context = params['docker-context'] || appPath;
  const dockerfile =
    params['dockerfile-path'] || `${appPath.replace(/^\/+/, '')}/Dockerfile`;
  const tag = `${params['image-name'] || 'app-image'}:${
    params['image-tag'] || 'v1'
  }-${ctx.gitRevision}`;
  const path = `/mnt/vol/source/${dockerfile.replace(/^\.?\/+/, '')}`;
  if (wantsMissingDockerfile(appPath, dockerfile, context)) {
    return {
      mainMs: between(random, 2000, 4000),
      lines: [
        `${ansi.bold}Building ${tag}${ansi.reset}`,
        `${ansi.red}Error: stat ${path}: no such file or directory${ansi.reset}`,
        `${ansi.red}Error: no Dockerfile found at ${dockerfile} (context ${context})${ansi.reset}`,
      ],
      outputs: [],
      fail: { message: 'Error (exit code 125)', exitCode: 125 },
    };
  }
  const stepsList = [
    'FROM golang:1.22-alpine AS builder',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -o /bin/app ./...',
    'FROM gcr.io/distroless/static-debian12',
    'COPY --from=builder /bin/app /app',
    'ENTRYPOINT ["/app"]',
  ];
  const lines: string[] = [];
  stepsList.forEach((step, i) => {
    lines.push(
      `${ansi.bold}${ansi.blue}STEP ${i + 1}/${stepsList.length}:${
        ansi.reset
      } ${step}`,
    );
    if (step.startsWith('FROM')) {
      lines.push(
        `Trying to pull ${
          step.split(' ')[1].includes('.') ? '' : 'docker.io/library/'
        }${step.split(' ')[1]}...`,
      );
      lines.push('Getting image source signatures');
      for (let b = 0; b < 3; b++)
        lines.push(`Copying blob ${sha(random).slice(0, 19)} done   | `);
      lines.push(
        `Copying config ${sha(random).slice(0, 19)} done   | `,
        'Writing manifest to image destination',
      );
    } else if (step.startsWith('RUN go mod')) {
      for (const mod of [
        'github.com/gorilla/mux v1.8.1',
        'go.uber.org/zap v1.27.0',
        'github.com/prometheus/client_golang v1.19.0',
      ]) {
        lines.push(`go: downloading ${mod}`);
      }
    } else if (step.startsWith('RUN go build')) {
      lines.push(
        `${ansi.yellow}# warning: GOFLAGS contains -mod=mod, ignoring vendor directory${ansi.reset}`,
      );
    }
    lines.push(`${ansi.gray}--> ${hex(random, 12)}${ansi.reset}`);
  });
  if (ctx.logBytes)
    insertLines(lines, lines.length - 4, filler(ctx, ctx.logBytes));
  lines.push(
    `${ansi.bold}COMMIT${ansi.reset} ${tag}`,
    `${ansi.gray}--> ${hex(random, 12)}${ansi.reset}`,
    `${ansi.green}Successfully tagged localhost/${tag}${ansi.reset}`,
    hex(random, 64),
  );
  return { mainMs: between(random, 45000, 100000), lines, outputs: [] };
}

function buildpacksBuild(ctx: ScriptContext): Script {
  const { random } = ctx;
  const tag = `${ctx.params['image-name'] || 'app-image'}:${
    ctx.params['image-tag'] || 'v1'
  }-${ctx.gitRevision}`;
  const phase = (name: string): string =>
    `${ansi.bold}${ansi.cyan}===> ${name}${ansi.reset}`;
  const lines = [
    phase('ANALYZING'),
    `Image with name "${tag}" not found`,
    phase('DETECTING'),
    `${ansi.blue}[detector]${ansi.reset} 4 of 6 buildpacks participating`,
    `${ansi.blue}[detector]${ansi.reset} google.go.runtime         0.9.1`,
    `${ansi.blue}[detector]${ansi.reset} google.go.gomod           0.9.0`,
    `${ansi.blue}[detector]${ansi.reset} google.go.build           0.9.0`,
    `${ansi.blue}[detector]${ansi.reset} google.utils.label-image  0.0.2`,
    phase('RESTORING'),
    phase('BUILDING'),
    `=== Go - Runtime (google.go.runtime@0.9.1) ===`,
    `Using runtime version from go.mod: 1.22`,
    `Installing Go v1.22.5.`,
    `=== Go - Gomod (google.go.gomod@0.9.0) ===`,
    `--------------------------------------------------------------------------------`,
    `Running "go mod download (GOPROXY=https://proxy.golang.org|direct)"`,
    `Done "go mod download (GOPROXY=https://proxy.golang.org|direct)" (${between(
      random,
      2,
      9,
    )}.${between(random, 100, 999)}s)`,
    `=== Go - Build (google.go.build@0.9.0) ===`,
    `Running "go build -o /layers/google.go.build/bin/main ./. (GOCACHE=/layers/google.go.build/gocache)"`,
    `${ansi.yellow}Warning: go vet reported 1 issue (skipped, testMode=${
      ctx.params['test-mode'] || 'unit'
    })${ansi.reset}`,
    `Done "go build -o /layers/google.go.build/bin/main ./." (${between(
      random,
      5,
      30,
    )}.${between(random, 100, 999)}s)`,
    phase('EXPORTING'),
    `Adding layer 'google.go.runtime:go'`,
    `Adding layer 'google.go.build:bin'`,
    `Adding 1/1 app layer(s)`,
    `Adding layer 'buildpacksio/lifecycle:launcher'`,
    `Setting default process type 'web'`,
    `Saving ${tag}...`,
    `*** Images (${hex(random, 12)}):`,
    `      ${tag}`,
    `${ansi.green}Successfully built image '${tag}'${ansi.reset}`,
  ];
  if (ctx.logBytes) insertLines(lines, 20, filler(ctx, ctx.logBytes));
  return { mainMs: between(random, 60000, 110000), lines, outputs: [] };
}

function reactBuild(ctx: ScriptContext): Script {
  const { random, params } = ctx;
  const node = params['node-version'] || '18';
  const lines = [
    `Using Node.js v${node}.${between(random, 0, 20)}.${between(random, 0, 9)}`,
    `${ansi.gray}$${ansi.reset} npm ci`,
    `${ansi.yellow}npm WARN${ansi.reset} deprecated inflight@1.0.6: This module is not supported, and leaks memory.`,
    `${ansi.yellow}npm WARN${ansi.reset} deprecated stable@0.1.8: Modern JS already guarantees Array#sort() is a stable sort`,
    ``,
    `added ${between(random, 1200, 1600)} packages, and audited ${between(
      random,
      1600,
      1700,
    )} packages in ${between(random, 20, 60)}s`,
    ``,
    `${between(random, 200, 300)} packages are looking for funding`,
    `  run \`npm fund\` for details`,
    `${ansi.gray}$${ansi.reset} ${params['build-command'] || 'npm run build'}`,
    ``,
    `> react-starter@0.1.0 build`,
    `> react-scripts build`,
    ``,
    `Creating an optimized production build...`,
    `${ansi.green}Compiled successfully.${ansi.reset}`,
    ``,
    `File sizes after gzip:`,
    ``,
    `  ${between(random, 40, 70)}.${between(random, 10, 99)} kB  ${
      ansi.cyan
    }build/static/js/main.${hex(random, 8)}.js${ansi.reset}`,
    `  ${between(random, 1, 3)}.${between(random, 10, 99)} kB   ${
      ansi.cyan
    }build/static/js/453.${hex(random, 8)}.chunk.js${ansi.reset}`,
    `  ${between(random, 0, 1)}.${between(random, 100, 999)} kB  ${
      ansi.cyan
    }build/static/css/main.${hex(random, 8)}.css${ansi.reset}`,
    ``,
    `The build folder is ready to be deployed.`,
  ];
  if (ctx.logBytes) insertLines(lines, 14, filler(ctx, ctx.logBytes));
  return { mainMs: between(random, 30000, 60000), lines, outputs: [] };
}

function push(ctx: ScriptContext): Script {
  const { random } = ctx;
  const lines = ['Getting image source signatures'];
  for (let i = 0; i < 4; i++)
    lines.push(`Copying blob ${sha(random).slice(0, 19)} done   | `);
  lines.push(
    `Copying config ${sha(random).slice(0, 19)} done   | `,
    'Writing manifest to image destination',
    `Pushed ${ctx.image}`,
  );
  return {
    mainMs: between(random, 8000, 20000),
    lines: [`Loaded image: localhost/${ctx.image.split('/').pop()}`, ...lines],
    outputs: [{ name: 'image', value: ctx.image, path: '/tmp/image.txt' }],
  };
}

export function workloadCr(ctx: ScriptContext): string {
  const component = ctx.params['component-name'] || 'component';
  const project = ctx.params['project-name'] || 'default';
  return [
    'apiVersion: openchoreo.dev/v1alpha1',
    'kind: Workload',
    'metadata:',
    `  name: ${component}-workload`,
    'spec:',
    '  owner:',
    `    componentName: ${component}`,
    `    projectName: ${project}`,
    '  containers:',
    '    main:',
    `      image: ${ctx.image}`,
    '  endpoints:',
    '    http:',
    '      type: HTTP',
    '      port: 8080',
    '',
  ].join('\n');
}

function workload(ctx: ScriptContext): Script {
  const appPath = ctx.params['app-path'] || '.';
  return {
    mainMs: between(ctx.random, 3000, 6000),
    lines: [
      `Creating workload with image: ${ctx.image}`,
      `Using descriptor in: /mnt/vol/source${
        appPath === '.' ? '' : `/${appPath.replace(/^\/+/, '')}`
      }`,
      `Trying to pull ghcr.io/openchoreo/openchoreo-cli:v0.9.0...`,
      `Workload descriptor found: workload.yaml`,
      `${ansi.green}Created workload CR ${
        ctx.params['component-name'] || 'component'
      }-workload${ansi.reset} -> workload-cr.yaml`,
    ],
    outputs: [
      {
        name: 'workload-cr',
        value: workloadCr(ctx),
        path: '/mnt/vol/workload-cr.yaml',
      },
    ],
  };
}

function gitops(ctx: ScriptContext, template: string): Script {
  const { random, params } = ctx;
  const component = params['component-name'] || 'component';
  const repo =
    params['gitops-repo-url'] || 'https://github.com/openchoreo/sample-gitops';
  const branch = `release/${component}-${ctx.gitRevision}`;
  switch (template) {
    case 'extract-descriptor':
      return {
        mainMs: between(random, 2000, 4000),
        lines: [
          `Reading ${
            params['workload-descriptor-path'] || 'workload.yaml'
          } from ${params['app-path'] || '.'}`,
          'Descriptor extracted',
        ],
        outputs: [
          {
            name: 'descriptor-content',
            value: `endpoints:\n  - name: http\n    port: 8080\n`,
            path: '/tmp/descriptor.yaml',
          },
        ],
      };
    case 'clone-gitops':
      return {
        mainMs: between(random, 4000, 8000),
        lines: [
          `Cloning GitOps repository ${repo} (${
            params['gitops-branch'] || 'main'
          })`,
          `Cloning into '/mnt/vol/gitops'...`,
          'Receiving objects: 100% (212/212), done.',
        ],
        outputs: [],
      };
    case 'create-feature-branch':
      return {
        mainMs: between(random, 2000, 3000),
        lines: [`Switched to a new branch '${branch}'`],
        outputs: [
          { name: 'branch-name', value: branch, path: '/tmp/branch-name.txt' },
        ],
      };
    case 'generate-gitops-resources':
      return {
        mainMs: between(random, 3000, 5000),
        lines: [
          '===== Generating GitOps resources =====',
          `Workload: projects/${
            params['project-name'] || 'default'
          }/components/${component}/workload.yaml`,
          `ComponentRelease: ${component}-${ctx.gitRevision}`,
          `ReleaseBinding: ${component}-${
            params['gitops-target-environment'] || 'development'
          }`,
          `${ansi.green}Resources generated${ansi.reset}`,
        ],
        outputs: [],
      };
    case 'git-commit-push-pr':
      return {
        mainMs: between(random, 8000, 15000),
        lines: [
          '===== Step 1: Committing Changes =====',
          `[${branch} ${hex(random, 7)}] Release ${component} (${
            ctx.gitRevision
          })`,
          ' 3 files changed, 48 insertions(+), 2 deletions(-)',
          'Changes committed successfully',
          '===== Step 2: Pushing to Remote =====',
          `Pushing branch ${branch} to remote`,
          'Branch pushed successfully',
          '===== Step 3: Creating Pull Request =====',
          `${repo}/pull/${between(random, 10, 500)}`,
          'Pull request created successfully',
          '===== Git operations completed successfully =====',
        ],
        outputs: [],
      };
    default:
      return {
        mainMs: between(random, 2000, 5000),
        lines: [`Running ${template}`, 'Done'],
        outputs: [],
      };
  }
}

/** Picks the simulated script of a step from its template name. */
export function scriptFor(template: string, ctx: ScriptContext): Script {
  if (template === 'clone-step' || template === 'clone-source')
    return clone(ctx);
  if (template === 'build-react-app') return reactBuild(ctx);
  if (template === 'build-step' || template === 'build-image') {
    const p = ctx.params;
    if (
      wantsMissingDockerfile(
        p['app-path'] ?? '',
        p['dockerfile-path'] ?? '',
        p['docker-context'] ?? '',
      )
    ) {
      return dockerBuild(ctx);
    }
    if (
      ctx.templateRef.startsWith('google-cloud-buildpacks') ||
      ctx.templateRef.startsWith('ballerina')
    )
      return buildpacksBuild(ctx);
    if (ctx.templateRef.startsWith('react') && template === 'build-step')
      return reactBuild(ctx);
    return dockerBuild(ctx);
  }
  if (template === 'push-step' || template === 'push-image') return push(ctx);
  if (template === 'workload-create-step') return workload(ctx);
  return gitops(ctx, template);
}
