import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';

/** Previous / next paging over the backend's cursor. */
export const Pager = (props: {
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) => (
  <Box
    component="nav"
    aria-label="Pagination"
    display="flex"
    alignItems="center"
    justifyContent="flex-end"
    gap={2}
    mt={1}
  >
    <Typography variant="body2" aria-live="polite">
      Page {props.page + 1}
    </Typography>
    <Button onClick={props.onPrevious} disabled={!props.hasPrevious}>
      Previous page
    </Button>
    <Button onClick={props.onNext} disabled={!props.hasNext}>
      Next page
    </Button>
  </Box>
);
