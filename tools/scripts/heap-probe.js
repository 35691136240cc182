'use strict';
// Preloaded by memory-soak.sh (node --expose-gc --require): every 15 s, a full garbage
// collection and then one line of the heap's live size, so growth of live objects can be told
// apart from the heap V8 merely keeps.
const fs = require('node:fs');
const file = process.env.HEAP_PROBE_FILE;
if (file && typeof global.gc === 'function') {
  const start = Date.now();
  fs.writeFileSync(file, 'seconds,heap_used_kib,external_kib,array_buffers_kib,rss_kib\n');
  const timer = setInterval(() => {
    global.gc();
    const m = process.memoryUsage();
    const kib = (bytes) => Math.round(bytes / 1024);
    fs.appendFileSync(file, `${Math.round((Date.now() - start) / 1000)},${kib(m.heapUsed)},${kib(m.external)},${kib(m.arrayBuffers)},${kib(m.rss)}\n`);
  }, 15_000);
  timer.unref();
}
