export { displayCommands, encodeDisplayInit, encodeDisplayLines, epsonDisplayProfile, fitDisplayLine } from './display-encoder';
export type { DisplayCodePage, DisplayProfile } from './display-encoder';
export { PoleDisplay, createPoleDisplay, englishDisplayLabels, formatEuroCents, italianDisplayLabels } from './pole-display';
export type { CreatePoleDisplayOptions, DisplayLabels, PoleDisplayOptions } from './pole-display';
