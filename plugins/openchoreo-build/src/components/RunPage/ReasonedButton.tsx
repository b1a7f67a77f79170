import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';

/** A button that, when disabled, says why (tooltip and visible text). */
export const ReasonedButton = (props: {
  reason?: string;
  onClick: () => void;
  busy?: boolean;
  color?: 'primary' | 'error';
  children: string;
}) => {
  const { reason, onClick, busy, color, children } = props;
  const id = `reason-${children.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Box display="inline-flex" flexDirection="column" alignItems="flex-start">
      <Tooltip title={reason ?? ''}>
        <span>
          <Button
            variant="contained"
            color={color}
            onClick={onClick}
            disabled={Boolean(reason) || busy}
            aria-describedby={reason ? id : undefined}
          >
            {children}
          </Button>
        </span>
      </Tooltip>
      {reason && (
        <Typography
          variant="caption"
          id={id}
          color="text.secondary"
          sx={{ maxWidth: 280 }}
        >
          {reason}
        </Typography>
      )}
    </Box>
  );
};
