// vitest global setup: bring the shared lab up once for the whole run when lab tests can run here, and take it
// down afterwards unless it was up before the run or PORTWARDEN_LAB_KEEP=1 (for repeated runs by hand).
import { labDown, labIsUp, labUp } from './lab.js';
import { labUnavailableReason } from './netns.js';

export default async function setup(): Promise<() => void> {
  if (labUnavailableReason() !== null || process.env['PORTWARDEN_LAB'] === 'off') {
    return () => undefined;
  }
  const wasUp = labIsUp();
  const started = Date.now();
  await labUp();
  console.log(`lab up in ${Date.now() - started} ms`);
  return () => {
    if (!wasUp && process.env['PORTWARDEN_LAB_KEEP'] !== '1') labDown();
  };
}
