/*
 * The slot engine: pure arithmetic from availability, time off, busy ranges and "now" to
 * bookable slots. No I/O; the scheduling services load the inputs and map SlotInputError
 * to 400 VALIDATION_FAILED.
 */
export { computeSlots, findOfferedSlot, nextAvailableSlot, occupiedRange, offeredSlotsBetween } from './slot-engine.js';
export { validateWeeklyRules } from './weekly-rules.js';
export { resolveWindow, MAX_WINDOW_DAYS, type WindowBounds } from './window.js';
export { MAX_ADVANCE_DAYS } from './plan.js';
export { SlotInputError } from './errors.js';
export * from './types.js';
