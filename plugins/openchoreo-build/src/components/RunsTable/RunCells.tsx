import { Link } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  gitHostLinks,
  type GitHostLinks,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { openchoreoBuildTranslationRef } from '../../translation';
import { shortCommit } from '../common/format';
import { deletionLabel, deletionStory } from '../common/runGeneration';
import { TruncatedText } from '../common/TruncatedText';
import { componentKey, type ComponentEntities } from './useComponentEntities';

/** The run's name, linking to its run page; under it the workflow (when folded) and a deletion mark. */
export const RunNameCell = (props: {
  run: RunSummary;
  href: string;
  withWorkflow: boolean;
}) => {
  const { run } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <>
      <TruncatedText title={run.name}>
        <Link to={props.href}>{run.name}</Link>
      </TruncatedText>
      {props.withWorkflow && run.workflow && (
        <TruncatedText title={run.workflow} caption>
          {run.workflow}
        </TruncatedText>
      )}
      {run.deleted && (
        <Tooltip title={deletionStory(t, run.deleted)}>
          <Chip
            size="small"
            variant="outlined"
            label={deletionLabel(t, run.deleted)}
            data-testid={`run-deleted-${run.name}`}
          />
        </Tooltip>
      )}
    </>
  );
};

/** A catalog entity's link when the catalog has it, else the plain name. */
const EntityName = (props: {
  entityRef?: string;
  name: string;
  /** Inside running text (a caption): underlined, as colour alone does not tell it apart there. */
  inText?: boolean;
}) =>
  props.entityRef ? (
    <EntityRefLink
      entityRef={props.entityRef}
      hideIcon
      disableTooltip
      underline={props.inText ? 'always' : undefined}
    >
      {props.name}
    </EntityRefLink>
  ) : (
    <>{props.name}</>
  );

/** The run's project, linked to its system entity when the catalog has one. */
export const ProjectName = (props: {
  run: RunSummary;
  entities: ReadonlyMap<string, ComponentEntities>;
  inText?: boolean;
}) => {
  const { run } = props;
  if (!run.project) return <>—</>;
  return (
    <EntityName
      entityRef={props.entities.get(componentKey(run))?.system}
      name={run.project}
      inText={props.inText}
    />
  );
};

/**
 * The run's component, linked to the entity that claims it; with `withOwner`, the organization and
 * project folded under it as a caption (their columns are hidden on narrow screens).
 */
export const ComponentCell = (props: {
  run: RunSummary;
  entities: ReadonlyMap<string, ComponentEntities>;
  withOwner: boolean;
}) => {
  const { run, entities } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const owner = `${run.namespace} / ${run.project ?? '—'}`;
  return (
    <>
      <TruncatedText title={run.component ?? '—'}>
        {run.component ? (
          <EntityName
            entityRef={entities.get(componentKey(run))?.component}
            name={run.component}
          />
        ) : (
          '—'
        )}
      </TruncatedText>
      {props.withOwner && (
        <TruncatedText title={owner} caption data-testid="run-owner-caption">
          {t('runsList.ownerCaption', {
            organization: run.namespace,
            project: <ProjectName run={run} entities={entities} inText />,
          })}
        </TruncatedText>
      )}
    </>
  );
};

/** A link to the Git host, or the text alone when there is no safe link. */
const HostLink = (props: { href?: string; children: string }) =>
  props.href ? (
    <Link to={props.href}>{props.children}</Link>
  ) : (
    <>{props.children}</>
  );

/** The short commit, linked to its page on the Git host; "latest" when the run builds the branch head. */
const CommitText = (props: { run: RunSummary; links: GitHostLinks }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const { commit } = props.run.repository;
  if (!commit) return <>{t('runsTable.latestCommit')}</>;
  return (
    <code>
      <HostLink href={props.links.commit}>
        {shortCommit(commit) ?? commit}
      </HostLink>
    </code>
  );
};

/** The commit column: the short commit with the whole SHA in a tooltip. */
export const CommitCell = ({ run }: { run: RunSummary }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const { commit } = run.repository;
  return (
    <TruncatedText
      title={
        commit
          ? t('runsList.commitTitle', { commit })
          : t('runsTable.latestCommit')
      }
    >
      <CommitText run={run} links={gitHostLinks(run.repository)} />
    </TruncatedText>
  );
};

/**
 * Where the run's source comes from: the branch (linked to its page on the Git host) over the
 * repository (linked); with `withCommit`, the commit too (its column is hidden on narrow screens).
 */
export const SourceCell = (props: { run: RunSummary; withCommit: boolean }) => {
  const { run } = props;
  const links = gitHostLinks(run.repository);
  const branch = run.repository.branch;
  return (
    <>
      <TruncatedText title={branch ?? '—'}>
        {branch ? <HostLink href={links.branch}>{branch}</HostLink> : '—'}
      </TruncatedText>
      {(links.repositoryName || props.withCommit) && (
        <TruncatedText
          title={[
            props.withCommit ? run.repository.commit : undefined,
            links.repositoryName,
          ]
            .filter(Boolean)
            .join(' · ')}
          caption
        >
          {props.withCommit && (
            <>
              <CommitText run={run} links={links} />
              {links.repositoryName && ' · '}
            </>
          )}
          {links.repositoryName && (
            <HostLink href={links.repository}>{links.repositoryName}</HostLink>
          )}
        </TruncatedText>
      )}
    </>
  );
};
