export { RenderPlansTab } from './HolosPlansPage';
export { EntityHolosPlanContent } from './EntityHolosPlanContent';
