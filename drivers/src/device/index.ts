export { DeviceBase, defaultReconnectPolicy, reconnectDelay } from './device-base';
export type { DeviceErrorEvent, DeviceEvents, DeviceOptions, DeviceState, HealthReport, ReconnectPolicy } from './device-base';
export { DeviceClaimedError, DeviceError, DeviceUnavailableError } from './device-errors';
export type { DeviceErrorCode, ErrorLocus } from './device-errors';
export { claimPort, portClaimHolder } from './port-claims';
export type { PortClaim } from './port-claims';
export { TypedEmitter } from './typed-emitter';
export type { ListenerArgs } from './typed-emitter';
