import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import { useTheme } from '@mui/material/styles';
import { openchoreoBuildTranslationRef } from '../../translation';
import { formatDuration } from '../common/format';
import { sparklineGeometry, type DurationPoint } from './buildStats';
import { statusColor } from './statusColor';

const WIDTH = 160;
const HEIGHT = 32;
/** Room at the edges so the dots are not cut off. */
const INSET = 3;

/**
 * The durations of finished builds as a small line, oldest left, longest at the top; each dot is
 * coloured by the build's status and names it on hover. Its accessible name gives the range.
 */
export const DurationSparkline = ({
  points,
}: {
  /** Oldest first. */
  points: readonly DurationPoint[];
}) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const theme = useTheme();
  if (points.length === 0) return null;
  const seconds = points.map(p => p.seconds);
  const geometry = sparklineGeometry(seconds, WIDTH, HEIGHT, INSET);
  return (
    <Box
      component="svg"
      role="img"
      aria-label={t('entityBuildsCard.history.sparklineLabel', {
        count: points.length,
        shortest: formatDuration(Math.min(...seconds), t),
        longest: formatDuration(Math.max(...seconds), t),
      })}
      data-testid="duration-sparkline"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      display="block"
    >
      <polyline
        points={geometry.polyline}
        fill="none"
        stroke={theme.palette.text.secondary}
        strokeWidth={1.5}
        strokeLinejoin="round"
      />
      {geometry.points.map(({ x, y }, index) => (
        <circle
          key={`${points[index].run.namespace}/${points[index].run.name}`}
          data-testid="duration-sparkline-point"
          cx={x}
          cy={y}
          r={2.5}
          fill={statusColor(theme, points[index].run.status)}
        >
          <title>
            {t('entityBuildsCard.history.sparklinePoint', {
              name: points[index].run.name,
              duration: formatDuration(points[index].seconds, t),
            })}
          </title>
        </circle>
      ))}
    </Box>
  );
};
