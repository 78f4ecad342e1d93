export { discoverDevices } from './discover-devices';
export type { DiscoveredDevice, DiscoveryOptions, DiscoveryResult, DiscoverySource, SerialPortInfo } from './discover-devices';
