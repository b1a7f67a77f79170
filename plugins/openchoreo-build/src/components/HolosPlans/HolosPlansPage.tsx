import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { openchoreoBuildHolosValidatePermission } from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useHolosValidation } from '../../hooks/useHolosPlans';
import { RequirePlatformPermission } from '../common/RequirePlatformPermission';
import { openchoreoBuildTranslationRef } from '../../translation';
import { HolosResultView } from './HolosResultView';
import { PlanInput } from './PlanInput';

/** Paste or upload plans, validate them, and inspect the answer. */
export const HolosPlansValidator = () => {
  const [text, setText] = useState('');
  const validation = useHolosValidation();
  const { value, loading, error } = validation;
  return (
    <>
      <PlanInput
        text={text}
        onTextChange={setText}
        onValidate={validation.validate}
        loading={loading}
        error={error}
        errorText={validation.text}
        retry={validation.retry}
      />
      {value && !error && (
        <Box mt={3}>
          <HolosResultView result={value} />
        </Box>
      )}
    </>
  );
};

/**
 * The Render plans tab of the Builds page: checks Holos BuildPlans (core schemas v1alpha6) against
 * the schema and holos' pipeline rules, and shows each artifact's pipeline and a dry run. Nothing is
 * executed.
 */
export const RenderPlansTab = () => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <>
      <Typography variant="body1" paragraph>
        {t('renderPlansTab.intro')}
      </Typography>
      <RequirePlatformPermission
        permission={openchoreoBuildHolosValidatePermission}
        what={t('renderPlansTab.permissionSubject')}
      >
        <HolosPlansValidator />
      </RequirePlatformPermission>
    </>
  );
};
