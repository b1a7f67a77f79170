import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import type { ReactNode } from 'react';

/**
 * One line that ends in "…" when its cell is too narrow, with the whole text in a tooltip. The
 * table's fixed layout gives each cell its width; this keeps the content inside it.
 */
export const TruncatedText = (props: {
  /** The whole text, shown in the tooltip. */
  title: string;
  children: ReactNode;
  caption?: boolean;
  'data-testid'?: string;
}) => (
  <Tooltip title={props.title} describeChild>
    <Box
      component="span"
      data-testid={props['data-testid']}
      sx={{
        display: 'block',
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        whiteSpace: 'nowrap',
        ...(props.caption
          ? { typography: 'caption', color: 'text.secondary' }
          : {}),
      }}
    >
      {props.children}
    </Box>
  </Tooltip>
);
