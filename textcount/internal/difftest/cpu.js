const fs = require('fs');
const twttr = require('twitter-text');
const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l).text);
const bytes = lines.reduce((s, t) => s + Buffer.byteLength(t, 'utf8'), 0);
for (let i = 0; i < 2; i++) for (const t of lines) twttr.parseTweet(t);
const rounds = 3; const c0 = process.cpuUsage(); const t0 = process.hrtime.bigint();
for (let i = 0; i < rounds; i++) for (const t of lines) twttr.parseTweet(t);
const c = process.cpuUsage(c0); const cpu = (c.user + c.system) / 1e6; const wall = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`node: ${lines.length} texts, ${bytes} bytes; cpu ${(cpu/rounds).toFixed(3)} s per pass, ${(rounds*bytes/cpu/1e6).toFixed(2)} MB/s CPU; wall ${(rounds*bytes/wall/1e6).toFixed(2)} MB/s`);
