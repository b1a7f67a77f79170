import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import openchoreoBuildPlugin from '@openchoreo-build/plugin-openchoreo-build/alpha';
import { authModule } from './modules/auth';
import { navModule } from './modules/nav';
import { redirectsModule } from './modules/redirects';

export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    userSettingsPlugin,
    openchoreoBuildPlugin,
    // Build-end notifications (the bell in the sidebar); signals push new ones without a reload.
    notificationsPlugin,
    signalsPlugin,
    navModule,
    redirectsModule,
    authModule,
  ],
});
