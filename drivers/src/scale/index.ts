export { adamEquipment } from './adam';
export { mettlerToledo8217 } from './mettler-toledo-8217';
export { Scale, ScaleError, createScale, scaleProtocols } from './scale';
export type { CreateScaleOptions, ScaleFailure, ScaleOptions, ScaleStatus } from './scale';
export { kilogramsTextToGrams } from './scale-protocol';
export type { ScaleProtocol, ScaleReading, ScaleStatusFlags } from './scale-protocol';
