/**
 * @module
 * What a web page can print to, told plainly (issue 20). A page has no raw TCP, so a network
 * ESC/POS printer (port 9100) is out of reach; WebUSB where the browser has it (Chromium on
 * Android and desktops, over https or localhost), WebSerial on desktop Chromium only, neither on
 * iOS; a fiscal device's HTTP interface only on the same network and if it allows this page's
 * origin (CORS), and never plain http from an https page (mixed content).
 */
export interface PrintReach {
  readonly webUsb: boolean;
  readonly webSerial: boolean;
  readonly secure: boolean;
}

export function printReach(nav: object = navigator, secure: boolean = globalThis.isSecureContext ?? false): PrintReach {
  // Both APIs exist only in secure contexts; the object is absent elsewhere.
  return { webUsb: secure && 'usb' in nav, webSerial: secure && 'serial' in nav, secure };
}
