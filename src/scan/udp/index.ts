/** The UDP scan: the engine, its options and the per-port probes whose replies the codecs read. */
export { REPLY_HEX_BYTES, UDP_SCAN_DEFAULTS, scanUdp, type UdpScanOptions } from './engine.js';
export {
  TFTP_PROBE_FILE,
  UDP_SERVICE_PORTS,
  udpProbe,
  type RandomBytes,
  type UdpProbe,
  type UdpProbeReply,
  type UdpService,
} from './probes.js';
