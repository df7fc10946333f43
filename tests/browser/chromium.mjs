// Shared launcher: Debian's Chromium, headless, with no background network traffic.
import { chromium } from 'playwright-core';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-quic',
    ],
  });
}

// Fail the script with a message.
export function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exitCode = 1;
}
