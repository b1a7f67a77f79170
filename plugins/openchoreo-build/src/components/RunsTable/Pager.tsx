import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { openchoreoBuildTranslationRef } from '../../translation';

/** Previous / next paging over the backend's cursor. */
export const Pager = (props: {
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <Box
      component="nav"
      aria-label={t('pager.label')}
      display="flex"
      alignItems="center"
      justifyContent="flex-end"
      gap={2}
      mt={1}
    >
      <Typography variant="body2" aria-live="polite">
        {t('pager.page', { page: String(props.page + 1) })}
      </Typography>
      <Button onClick={props.onPrevious} disabled={!props.hasPrevious}>
        {t('pager.previous')}
      </Button>
      <Button onClick={props.onNext} disabled={!props.hasNext}>
        {t('pager.next')}
      </Button>
    </Box>
  );
};
