export { HolosPlansPage } from './HolosPlansPage';
export { EntityHolosPlanContent } from './EntityHolosPlanContent';
