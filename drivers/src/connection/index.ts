export { ConnectionStringError, connectionPortKey, defaultTcpPort, formatConnection, parseConnection, virtualDeviceKinds } from './connection-string';
export type {
  Connection,
  ConnectionKind,
  DataBits,
  FileConnection,
  FlowControl,
  HidConnection,
  Parity,
  SerialConnection,
  SerialSettings,
  StopBits,
  TcpConnection,
  UsbConnection,
  VirtualConnection,
  VirtualDeviceKind,
} from './connection-string';
