import { useTranslationRef } from '@backstage/frontend-plugin-api';
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
import {
  openchoreoBuildTranslationRef,
  type OpenChoreoBuildTranslate,
} from '../../translation';
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
function authSourceText(
  t: OpenChoreoBuildTranslate,
  source: HolosAuthSource | undefined,
): string {
  if (source?.value) {
    return source.fromEnv
      ? t('holos.spec.auth.valueInsteadOfEnv', { env: source.fromEnv })
      : t('holos.spec.auth.value');
  }
  if (source?.fromEnv) {
    return t('holos.spec.auth.fromEnv', { env: source.fromEnv });
  }
  return t('holos.spec.auth.notSet');
}

/** "username from env HELM_USER, password value set". */
export function describeAuth(
  t: OpenChoreoBuildTranslate,
  auth: HolosAuth | undefined,
): string | undefined {
  if (!auth) return undefined;
  return t('holos.spec.auth.summary', {
    username: authSourceText(t, auth.username),
    password: authSourceText(t, auth.password),
  });
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
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  if (!helm?.chart)
    return (
      <Typography variant="body2">{t('holos.spec.helm.noChart')}</Typography>
    );
  const { chart } = helm;
  return (
    <>
      <Facts
        label={t('holos.spec.helm.label')}
        items={[
          [t('holos.spec.helm.chart'), chart.name],
          [t('holos.spec.helm.version'), chart.version],
          [t('holos.spec.helm.release'), chart.release],
          [t('holos.spec.helm.repository'), chart.repository?.name],
          [t('holos.spec.helm.repositoryUrl'), chart.repository?.url],
          [
            t('holos.spec.helm.repositoryAuth'),
            describeAuth(t, chart.repository?.auth),
          ],
          [t('holos.spec.helm.namespace'), helm.namespace],
          [
            t('holos.spec.helm.hooks'),
            helm.enableHooks ? t('holos.spec.helm.hooksEnabled') : undefined,
          ],
          [t('holos.spec.helm.kubeVersion'), helm.kubeVersion],
          [t('holos.spec.helm.apiVersions'), helm.apiVersions?.join(', ')],
        ]}
      />
      <Heading>{t('holos.spec.helm.valuesHeading')}</Heading>
      <CodeBlock label={t('holos.spec.helm.valuesLabel')}>
        {yamlText(helm.values ?? {})}
      </CodeBlock>
      {(helm.valueFiles ?? []).length > 0 && (
        <Heading>{t('holos.spec.helm.valueFilesHeading')}</Heading>
      )}
      {(helm.valueFiles ?? []).map(file => (
        <Expandable key={file.name} title={file.name}>
          <CodeBlock
            label={t('holos.spec.helm.valueFileLabel', { name: file.name })}
          >
            {yamlText(file.values ?? {})}
          </CodeBlock>
        </Expandable>
      ))}
    </>
  );
};

const KustomizeDetails = (props: { kustomize: HolosKustomize | undefined }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const files = Object.entries(props.kustomize?.files ?? {});
  return (
    <>
      <Heading>{t('holos.spec.kustomize.heading')}</Heading>
      <CodeBlock label={t('holos.spec.kustomize.label')}>
        {yamlText(props.kustomize?.kustomization ?? {})}
      </CodeBlock>
      <Heading>
        {t('holos.spec.kustomize.filesHeading', {
          number: String(files.length),
        })}
      </Heading>
      {files.map(([name, content]) => (
        <Expandable key={name} title={name}>
          <CodeBlock label={t('holos.spec.kustomize.fileLabel', { name })}>
            {content}
          </CodeBlock>
        </Expandable>
      ))}
    </>
  );
};

const CommandDetails = ({ command }: { command: HolosCommand | undefined }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <>
      <Facts
        label={t('holos.spec.command.label')}
        items={[
          [t('holos.spec.command.name'), command?.displayName],
          [
            t('holos.spec.command.output'),
            command?.isStdoutOutput
              ? t('holos.spec.command.stdoutOutput')
              : t('holos.spec.command.filesOutput'),
          ],
        ]}
      />
      <Heading>{t('holos.spec.command.argumentsHeading')}</Heading>
      <CodeBlock label={t('holos.spec.command.commandLineLabel')}>
        {commandLine(command?.args ?? []) ||
          t('holos.spec.command.noArguments')}
      </CodeBlock>
    </>
  );
};

const ResourcesDetails = (props: { resources: HolosResources | undefined }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
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
    <Table size="small" aria-label={t('holos.spec.resources.label')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('holos.spec.resources.columns.kind')}</TableCell>
          <TableCell>{t('holos.spec.resources.columns.label')}</TableCell>
          <TableCell>{t('holos.spec.resources.columns.name')}</TableCell>
          <TableCell>{t('holos.spec.resources.columns.namespace')}</TableCell>
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
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  if (task.stage === 'write') {
    return (
      <Facts
        label={t('holos.spec.write.label')}
        items={[
          [
            t('holos.spec.write.writes'),
            task.artifact || t('holos.spec.write.noPath'),
          ],
          [t('holos.spec.write.when'), t('holos.spec.write.whenText')],
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
        <Facts
          label={t('holos.spec.file.label')}
          items={[[t('holos.spec.file.source'), task.spec.file?.source]]}
        />
      ) : null;
    case 'Kustomize':
      return task.stage === 'transformer' ? (
        <KustomizeDetails kustomize={task.spec.kustomize} />
      ) : null;
    case 'Join':
      return task.stage === 'transformer' ? (
        <Facts
          label={t('holos.spec.join.label')}
          items={[
            [
              t('holos.spec.join.separator'),
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
