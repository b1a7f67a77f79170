// Moved to -common (`parameters/lruCache.ts`), where the Start build form's compiled schemas use it too.
export { LruCache } from '@openchoreo-build/plugin-openchoreo-build-common';
