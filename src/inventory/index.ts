/** The local socket inventory: what `portwarden audit` lists, behind one interface with one adapter per OS. */
export { chooseAdapter, collectInventory, type InventoryAdapter, type ChooseOptions } from './adapter.js';
export { linuxAdapter, readLinuxInventory, type LinuxAdapterOptions, type LinuxSnapshot } from './linux/adapter.js';
export { macosAdapter, readMacosInventory, type MacosAdapterOptions } from './macos/adapter.js';
export { windowsAdapter, readWindowsInventory, type WindowsAdapterOptions } from './windows/adapter.js';
export { createRunner, type CommandRunner, type CommandResult, type RunLimits } from './exec.js';
export { abortError, isAbortError } from './abort.js';
export { socketKey } from './merge.js';
