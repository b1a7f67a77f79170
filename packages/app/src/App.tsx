import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
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
    navModule,
    redirectsModule,
    authModule,
  ],
});
