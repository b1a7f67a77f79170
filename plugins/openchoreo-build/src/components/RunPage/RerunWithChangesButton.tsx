import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  RunDetail,
  RunSummary,
  RunWorkflowConfig,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { useState } from 'react';
import { openchoreoBuildTranslationRef } from '../../translation';
import { StartBuildDialog, type StartBuildTarget } from '../StartBuildDialog';
import { ReasonedButton } from './ReasonedButton';

/** The component a run built, as the Start build form takes it; undefined when the run names none. */
export function rerunTargetOf(run: RunDetail): StartBuildTarget | undefined {
  const project = run.project ?? run.spec.owner.projectName;
  const component = run.component ?? run.spec.owner.componentName;
  return project && component
    ? { namespace: run.namespace, project, component }
    : undefined;
}

/** What the form starts from: the run's `spec.workflow`, with the kind the summary knows. */
export function rerunInitialOf(run: RunDetail): RunWorkflowConfig | undefined {
  const workflow = run.spec.workflow;
  if (!workflow) return undefined;
  return workflow.kind || !run.workflowKind
    ? workflow
    : { ...workflow, kind: run.workflowKind };
}

/**
 * "Re-run with changes": the Start build form of the run's component, prefilled from this run
 * (workflow, repository, parameters) instead of the Component; a started run opens like a re-run.
 * `reason` says why the user may not start builds, when they may not.
 */
export const RerunWithChangesButton = (props: {
  run: RunDetail;
  reason?: string;
  onStarted: (run: RunSummary) => void;
}) => {
  const { run, onStarted } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const [open, setOpen] = useState(false);
  const target = rerunTargetOf(run);
  const reason = target
    ? props.reason
    : t('runTimeline.rerunWithChangesNoComponent');
  return (
    <>
      <ReasonedButton reason={reason} onClick={() => setOpen(true)}>
        {t('runTimeline.rerunWithChanges')}
      </ReasonedButton>
      {target && (
        <StartBuildDialog
          open={open}
          onClose={() => setOpen(false)}
          target={target}
          initial={rerunInitialOf(run)}
          onStarted={created => {
            setOpen(false);
            onStarted(created);
          }}
        />
      )}
    </>
  );
};
