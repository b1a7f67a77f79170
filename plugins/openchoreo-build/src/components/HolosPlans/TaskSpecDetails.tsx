import type {
  HolosAuth,
  HolosAuthSource,
  HolosCommand,
  HolosHelm,
  HolosKustomize,
  HolosResources,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import type { ReactNode } from 'react';
import { stringify } from 'yaml';
import type { PipelineTaskSpec } from './pipelineModel';
import { CODE_BLOCK } from './styles';

/** Term/definition pairs (a <dl> holds only <dt>/<dd> groups). */
export const Facts = (props: {
  items: Array<[string, ReactNode | undefined]>;
  label?: string;
}) => (
  <Box
    component="dl"
    aria-label={props.label}
    sx={{
      m: 0,
      mb: 1,
      display: 'grid',
      gridTemplateColumns: 'max-content auto',
      columnGap: 2,
      rowGap: 0.5,
      '& dt': { fontWeight: 'bold' },
      '& dd': { m: 0, overflowWrap: 'anywhere' },
    }}
  >
    {props.items
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([term, value]) => (
        <Box key={term} sx={{ display: 'contents' }}>
          <Typography variant="body2" component="dt">
            {term}
          </Typography>
          <Typography variant="body2" component="dd">
            {value}
          </Typography>
        </Box>
      ))}
  </Box>
);

export const CodeBlock = (props: { children: string; label: string }) => (
  // Focusable: a long block scrolls, and a keyboard must be able to scroll it.
  <Box component="pre" aria-label={props.label} tabIndex={0} sx={CODE_BLOCK}>
    {props.children}
  </Box>
);

const Heading = ({ children }: { children: ReactNode }) => (
  <Typography variant="subtitle2" component="h4" sx={{ mt: 1.5, mb: 0.5 }}>
    {children}
  </Typography>
);

/**
 * Where a credential comes from, never its value: a plan may carry a literal password. Holos uses
 * a non-empty `value` and reads `fromEnv` only without one (`helm()`,
 * internal/component/v1alpha6/v1alpha6.go@4fa6cb23).
 */
function authSourceText(source: HolosAuthSource | undefined): string {
  if (source?.value) {
    return source.fromEnv
      ? `value set (used instead of env ${source.fromEnv})`
      : 'value set';
  }
  if (source?.fromEnv) return `from env ${source.fromEnv}`;
  return 'not set';
}

/** "username from env HELM_USER, password value set". */
export function describeAuth(auth: HolosAuth | undefined): string | undefined {
  if (!auth) return undefined;
  return `username ${authSourceText(auth.username)}, password ${authSourceText(
    auth.password,
  )}`;
}

/** Command arguments as one line a shell would read the same way. */
export function commandLine(args: string[]): string {
  return args
    .map(arg =>
      /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`,
    )
    .join(' ');
}

const yamlText = (value: unknown) => stringify(value).trimEnd();

const Expandable = (props: { title: string; children: ReactNode }) => (
  <Accordion disableGutters TransitionProps={{ unmountOnExit: true }}>
    <AccordionSummary expandIcon={<ExpandMoreIcon />}>
      <Typography variant="body2" fontFamily="monospace">
        {props.title}
      </Typography>
    </AccordionSummary>
    <AccordionDetails>{props.children}</AccordionDetails>
  </Accordion>
);

const HelmDetails = ({ helm }: { helm: HolosHelm | undefined }) => {
  if (!helm?.chart)
    return <Typography variant="body2">No chart set.</Typography>;
  const { chart } = helm;
  return (
    <>
      <Facts
        label="Helm chart"
        items={[
          ['Chart', chart.name],
          ['Version', chart.version],
          ['Release', chart.release],
          ['Repository', chart.repository?.name],
          ['Repository URL', chart.repository?.url],
          ['Repository auth', describeAuth(chart.repository?.auth)],
          ['Namespace', helm.namespace],
          ['Hooks', helm.enableHooks ? 'enabled' : undefined],
          ['Kubernetes version', helm.kubeVersion],
          ['API versions', helm.apiVersions?.join(', ')],
        ]}
      />
      <Heading>Values</Heading>
      <CodeBlock label="Helm values">{yamlText(helm.values ?? {})}</CodeBlock>
      {(helm.valueFiles ?? []).length > 0 && <Heading>Value files</Heading>}
      {(helm.valueFiles ?? []).map(file => (
        <Expandable key={file.name} title={file.name}>
          <CodeBlock label={`Values of ${file.name}`}>
            {yamlText(file.values ?? {})}
          </CodeBlock>
        </Expandable>
      ))}
    </>
  );
};

const KustomizeDetails = (props: { kustomize: HolosKustomize | undefined }) => {
  const files = Object.entries(props.kustomize?.files ?? {});
  return (
    <>
      <Heading>Kustomization</Heading>
      <CodeBlock label="Kustomization">
        {yamlText(props.kustomize?.kustomization ?? {})}
      </CodeBlock>
      <Heading>Files ({files.length})</Heading>
      {files.map(([name, content]) => (
        <Expandable key={name} title={name}>
          <CodeBlock label={`Content of ${name}`}>{content}</CodeBlock>
        </Expandable>
      ))}
    </>
  );
};

const CommandDetails = ({ command }: { command: HolosCommand | undefined }) => (
  <>
    <Facts
      label="Command"
      items={[
        ['Name', command?.displayName],
        [
          'Output',
          command?.isStdoutOutput
            ? 'standard output is saved as the output (isStdoutOutput)'
            : 'the command writes its output files itself',
        ],
      ]}
    />
    <Heading>Arguments</Heading>
    <CodeBlock label="Command line">
      {commandLine(command?.args ?? []) || '(no arguments)'}
    </CodeBlock>
  </>
);

const ResourcesDetails = (props: { resources: HolosResources | undefined }) => {
  const rows = Object.entries(props.resources ?? {}).flatMap(
    ([kind, byLabel]) =>
      Object.entries(byLabel ?? {}).map(([label, resource]) => {
        const metadata = (resource?.metadata ?? {}) as {
          name?: unknown;
          namespace?: unknown;
        };
        return {
          kind,
          label,
          name: typeof metadata.name === 'string' ? metadata.name : '',
          namespace:
            typeof metadata.namespace === 'string' ? metadata.namespace : '',
        };
      }),
  );
  return (
    <Table size="small" aria-label="Resources">
      <TableHead>
        <TableRow>
          <TableCell>Kind</TableCell>
          <TableCell>Label</TableCell>
          <TableCell>Name</TableCell>
          <TableCell>Namespace</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={`${row.kind}/${row.label}`}>
            <TableCell>{row.kind}</TableCell>
            <TableCell>{row.label}</TableCell>
            <TableCell>{row.name}</TableCell>
            <TableCell>{row.namespace}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** What the task does, by its kind: only the member the kind names is used (as in holos). */
export const TaskSpecDetails = ({ task }: { task: PipelineTaskSpec }) => {
  if (task.stage === 'write') {
    return (
      <Facts
        label="Artifact"
        items={[
          ['Writes', task.artifact || '(no artifact path)'],
          [
            'When',
            'after every generator, transformer and validator of the artifact',
          ],
        ]}
      />
    );
  }
  const { spec } = task;
  switch (spec.kind) {
    case 'Helm':
      return task.stage === 'generator' ? (
        <HelmDetails helm={task.spec.helm} />
      ) : null;
    case 'Resources':
      return task.stage === 'generator' ? (
        <ResourcesDetails resources={task.spec.resources} />
      ) : null;
    case 'File':
      return task.stage === 'generator' ? (
        <Facts label="File" items={[['Source', task.spec.file?.source]]} />
      ) : null;
    case 'Kustomize':
      return task.stage === 'transformer' ? (
        <KustomizeDetails kustomize={task.spec.kustomize} />
      ) : null;
    case 'Join':
      return task.stage === 'transformer' ? (
        <Facts
          label="Join"
          items={[
            [
              'Separator',
              <code>{JSON.stringify(task.spec.join?.separator ?? '')}</code>,
            ],
          ]}
        />
      ) : null;
    case 'Command':
      return <CommandDetails command={spec.command} />;
    default:
      return null;
  }
};
