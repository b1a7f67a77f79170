export {
  StartBuildDialog,
  type StartBuildDialogProps,
  type StartBuildTarget,
} from './StartBuildDialog';
