// The reference's `xpost count --jsonl`: reads JSON lines with a "text"
// field on standard input and writes parseTweet's answer for each, in
// order, as xpost writes them. For timing both end to end on the same file
// and for comparing their answers (see README.md).
const twttr = require('twitter-text');
const max = Number(process.argv[2] || 280);
const config = Object.assign({}, twttr.configs.version3, { maxWeightedTweetLength: max });
const keys = ['weightedLength', 'valid', 'permillage', 'validRangeStart', 'validRangeEnd', 'displayRangeStart', 'displayRangeEnd'];
let rest = '';
let out = [];
function line(l) {
  if (l.endsWith('\r')) l = l.slice(0, -1);
  const r = twttr.parseTweet(JSON.parse(l).text, config);
  out.push(JSON.stringify(r, keys));
}
function flush() {
  if (out.length) process.stdout.write(out.join('\n') + '\n');
  out = [];
}
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  const lines = (rest + chunk).split('\n');
  rest = lines.pop();
  for (const l of lines) line(l);
  flush();
});
process.stdin.on('end', () => {
  if (rest) line(rest);
  flush();
});
