// Reads JSONL {"text"} and writes JSONL {"text", "ref", "ref_v2", "ref_v1", "ref_premium"}
// with parseTweet's answers, and reports the throughput (default config).
const fs = require('fs');
const twttr = require('twitter-text');
const premium = Object.assign({}, twttr.configs.version3, { maxWeightedTweetLength: 25000 });
const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l).text);
const out = lines.map(t => JSON.stringify({ text: t, ref: twttr.parseTweet(t),
  ref_v2: twttr.parseTweet(t, twttr.configs.version2), ref_v1: twttr.parseTweet(t, twttr.configs.version1),
  ref_premium: twttr.parseTweet(t, premium) }));
fs.writeFileSync(process.argv[3], out.join('\n') + '\n');
const bytes = lines.reduce((s, t) => s + Buffer.byteLength(t, 'utf8'), 0);
for (let i = 0; i < 2; i++) for (const t of lines) twttr.parseTweet(t);
const rounds = 3; const c0 = process.cpuUsage(); const t0 = process.hrtime.bigint();
for (let i = 0; i < rounds; i++) for (const t of lines) twttr.parseTweet(t);
const c = process.cpuUsage(c0); const cpu = (c.user + c.system) / 1e6; const wall = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`node: ${lines.length} texts, ${bytes} bytes; ${(rounds*bytes/cpu/1e6).toFixed(2)} MB/s CPU time, ${(rounds*bytes/wall/1e6).toFixed(2)} MB/s wall`);
