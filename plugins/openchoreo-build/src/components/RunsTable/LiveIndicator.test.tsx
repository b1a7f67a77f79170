import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { HttpStreamError, ServerStreamError } from '../../api/reconnectingSse';
import { LiveIndicator } from './LiveIndicator';

/** The indicator's tooltip, which MUI gives the chip as its accessible label. */
const hint = () =>
  screen.getByTestId('live-indicator').getAttribute('aria-label');

describe('LiveIndicator', () => {
  it('says updates come live once the stream is open', async () => {
    await renderInTestApp(<LiveIndicator state="open" />);
    expect(screen.getByTestId('live-indicator')).toHaveTextContent('Live');
    expect(hint()).toBe('Updates appear without reloading');
  });

  it("tells the backend's own words about a problem as they come", async () => {
    await renderInTestApp(
      <LiveIndicator
        state="reconnecting"
        error={new ServerStreamError('watch of acme failed: 403 Forbidden')}
      />,
    );
    expect(hint()).toBe('watch of acme failed: 403 Forbidden');
  });

  it('tells a refusal without a message by its HTTP status, in its own words', async () => {
    await renderInTestApp(
      <LiveIndicator
        state="reconnecting"
        error={new HttpStreamError(502, 'The event stream answered 502')}
      />,
    );
    expect(hint()).toBe('The event stream answered HTTP 502; retrying');
  });

  it("does not show the browser's network error text", async () => {
    await renderInTestApp(
      <LiveIndicator
        state="reconnecting"
        error={new TypeError('Failed to fetch')}
      />,
    );
    expect(screen.getByTestId('live-indicator')).toHaveTextContent(
      'Reconnecting…',
    );
    expect(hint()).toBe('Updates appear once connected');
  });
});
