// Waits until a file exists (the sandbox writes endpoints.json once it is ready), then exits 0;
// exits 1 after the timeout. Usage: node scripts/wait-for-file.js <file> [timeoutSeconds]
const fs = require('fs');
const path = require('path');

const file = path.resolve(process.argv[2]);
const deadline = Date.now() + Number(process.argv[3] ?? 120) * 1000;
const dir = path.dirname(file);
fs.mkdirSync(dir, { recursive: true });

if (fs.existsSync(file)) process.exit(0);
const watcher = fs.watch(dir, () => {
  if (fs.existsSync(file)) {
    watcher.close();
    process.exit(0);
  }
});
setTimeout(() => {
  console.error(`Timed out waiting for ${file}`);
  process.exit(1);
}, Math.max(0, deadline - Date.now())).unref();
// fs.watch can miss an event that happened between existsSync and watch; look once more.
if (fs.existsSync(file)) process.exit(0);
setInterval(() => fs.existsSync(file) && process.exit(0), 500);
