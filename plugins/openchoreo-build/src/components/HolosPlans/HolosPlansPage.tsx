import { Content, Header, Page } from '@backstage/core-components';
import { openchoreoBuildHolosValidatePermission } from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import { useState } from 'react';
import { useHolosValidation } from '../../hooks/useHolosPlans';
import { RequirePlatformPermission } from '../common/RequirePlatformPermission';
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
 * The Render plans page: checks Holos BuildPlans (core schemas v1alpha6) against the schema and
 * holos' pipeline rules, and shows each artifact's pipeline and a dry run. Nothing is executed.
 */
export const HolosPlansPage = () => (
  <Page themeId="tool">
    <Header
      title="Render plans"
      subtitle="Check Holos BuildPlans and see how holos would render them: each artifact's pipeline, its problems and a dry run. Nothing is executed."
    />
    <Content>
      <RequirePlatformPermission
        permission={openchoreoBuildHolosValidatePermission}
        what="the render plan validator"
      >
        <HolosPlansValidator />
      </RequirePlatformPermission>
    </Content>
  </Page>
);
