import {
  buildpacksBuild,
  clone,
  dockerBuild,
  reactBuild,
  wantsMissingDockerfile,
} from './buildScripts';
import { gitopsScript } from './gitopsScripts';
import { isoSeconds } from './names';
import { v1Script } from './v1Scripts';
import { ansi, between, podmanCopy, Script, ScriptContext } from './scriptKit';

export type { Script, ScriptContext, ScriptOutput } from './scriptKit';
export { MISSING_DOCKERFILE } from './buildScripts';

function push(ctx: ScriptContext): Script {
  const { random } = ctx;
  const lines = [...podmanCopy(random, 4), `Pushed ${ctx.image}`];
  return {
    mainMs: between(random, 8000, 20000),
    lines: [`Loaded image: localhost/${ctx.image.split('/').pop()}`, ...lines],
    outputs: [{ name: 'image', value: ctx.image, path: '/tmp/image.txt' }],
  };
}

/**
 * `scan-step` of the seeded `docker-dag` template (`seed/dockerDag.ts`): `trivy fs` of the cloned
 * source while the image builds beside it; the sample source is always clean.
 */
function scan(ctx: ScriptContext, startedMs: number): Script {
  const appPath = (ctx.params['app-path'] || '.').replace(/^\/+/, '');
  const at = isoSeconds(startedMs);
  const info = (msg: string): string => `${at}\tINFO\t${msg}`;
  return {
    mainMs: between(ctx.random, 6000, 15000),
    lines: [
      `Scanning /mnt/vol/source/${appPath} for HIGH and CRITICAL findings`,
      info('[vuln] Vulnerability scanning is enabled'),
      info('[secret] Secret scanning is enabled'),
      info('Number of language-specific files\tnum=1'),
      info('[gomod] Detecting vulnerabilities...'),
      '',
      'Report Summary',
      '',
      '┌────────┬───────┬─────────────────┬─────────┐',
      '│ Target │ Type  │ Vulnerabilities │ Secrets │',
      '├────────┼───────┼─────────────────┼─────────┤',
      '│ go.mod │ gomod │        0        │    -    │',
      '└────────┴───────┴─────────────────┴─────────┘',
      'Legend:',
      "- '-': Not scanned",
      "- '0': Clean (no security findings detected)",
    ],
    outputs: [],
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

/**
 * Picks the simulated script of a step from its template name: the v0.9 templates' steps here, the
 * GitOps templates' (`*-gitops-release@v0.12.0`) in `gitopsScripts.ts`, the v1.x templates' (by
 * `templateRef`) in `v1Scripts.ts`. `startedMs`: when the
 * step's pod starts (what `date` prints in it).
 */
export function scriptFor(
  template: string,
  ctx: ScriptContext,
  startedMs: number,
  templateRef?: string,
): Script {
  // Steps of the v1.x sample ClusterWorkflowTemplates are known by template and its template.
  const v1 = templateRef ? v1Script(templateRef, template, ctx) : undefined;
  if (v1) return v1;
  if (template === 'clone-step') return clone(ctx);
  const p = ctx.params;
  const failing = wantsMissingDockerfile(
    p['app-path'] ?? '',
    p['dockerfile-path'] ?? '',
    p['docker-context'] ?? '',
  );
  // The failure hook holds for every build step, the GitOps docker build's too.
  if ((template === 'build-step' || template === 'build-image') && failing)
    return dockerBuild(ctx);
  const gitops = gitopsScript(template, ctx, startedMs);
  if (gitops) return gitops;
  if (template === 'build-step') {
    if (
      ctx.templateRef.startsWith('google-cloud-buildpacks') ||
      ctx.templateRef.startsWith('ballerina')
    )
      return buildpacksBuild(ctx);
    if (ctx.templateRef.startsWith('react')) return reactBuild(ctx);
    return dockerBuild(ctx);
  }
  if (template === 'push-step') return push(ctx);
  if (template === 'scan-step') return scan(ctx, startedMs);
  if (template === 'workload-create-step') return workload(ctx);
  return {
    mainMs: between(ctx.random, 2000, 5000),
    lines: [`Running ${template}`, 'Done'],
    outputs: [],
  };
}
