// Generates tricky texts for the differential test: JSONL {"text": ...}.
const fs = require('fs');
const emojiRegex = require('twemoji-parser/dist/lib/regex.js').default;
let seed = Number(process.env.SEED || 12345);
function rnd() { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; }
function ri(n) { return Math.floor(rnd() * n); }
function pick(a) { return a[ri(a.length)]; }
// every emoji sequence of the set
const src = fs.readFileSync(require.resolve('twemoji-parser/dist/lib/regex.js'), 'utf8');
const emojiList = JSON.parse(fs.readFileSync(process.env.EMOJI_LIST || 'emoji_seqs.json', 'utf8'));
const scripts = ['a','Z','0',' ','é','ñ','я','ש','ب','ก','ა','ᲐᲑ','あ','カ','한','中','𠀋','𝐁','…','“','”','—','•','€','™','©','®','\u200d','\u200c','\u200b','\u200e','\u200f','\u061c','\u202a','\u202b','\u202c','\u202d','\u202e','\u2066','\u2067','\u2068','\u2069','\u3000','\ufffd','\ufe0f','\ufe0e','\ufeff','\ufffe','\uffff','\u0000','\u0007','\r\n','\n','\t','\u0301','\u0308','\u0316','\u0327','\u1100\u1161','\u11a8','\u2126','\u212b','\ufb2c','\u{2f800}','A\u030a','e\u0301','\u0915\u093c','\u09c7\u09be','ᄀ','ᅡ','ᆨ','@','#','$','.','/','-','_',':','?','=','&','(',')','!',',',';','\'','"','`','~','＠','＃','ſ','ı','İ','\u212a','\u{1f3fb}','\u{1f3fd}','\u{1f1fa}','\u{1f1f8}','\u{e0067}','\u{e007f}','\u20e3','\u{1f600}','😷','🧑','💻','❤','🔥','☺','✌','☝','🏃','➡','👁','🗨','🏳','⚧','\u{1fae0}','\u{1FACD}','\u{e50a}','\ufdd0','\u{10ffff}','\u{1fffe}','\u0085','\u00a0','\u1680','\u2028','\u2029','\u202f','\u205f','\u3002','\uff0e','\uff61','\u034f'];
const urls = ['http://example.com','https://example.com/path?q=1#frag','example.com','www.twitter.com','t.co','https://t.co/abc123','http://t.co/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ','x.com','a.b','foo.com:80','foo.com:80/x','foo.com?a=1','http://foo.com#x','foo.com/#x','http://example.com/foo.','(example.com/foo_(bar))','foo.com/a(b(c(d)))','foo.com/日本','müller.de','пример.рф','http://пример.рф','例え.com','a_b.example.com','example.com日本example.org','example.com日本.com/path','http://😀.com','http://foobar.みんな/','https://example.com?q=é','http://user:pass@example.com','example.com/~','http://localhost:3000','http://192.168.0.1/','example.ＣＯＭ','example.РФ','xn--fiqs8s.xn--abc','http://xn--abc.com','HTTPS://EXAMPLE.COM','example.com_','example.com-','example.comx','#example.com','$😀.mail.net','#😀example.com','-example.com','.example.com','/example.com','user@example.com','http://' + 'a'.repeat(64) + '.com','http://' + 'あ'.repeat(52) + '.jp','http://' + 'あ'.repeat(53) + '.jp','https://t.co/' + 'a'.repeat(41),'t.co/' + 'a'.repeat(41),'http://example.com/' + 'x'.repeat(4070),'example.com' + '.'.repeat(50),'http://foo.com/?' + 'a=b&'.repeat(30),'foo.bar.baz.co.uk/path/to/file.html','ftp://example.com','mailto:a@b.com','http://example.com:99999999999/x','\u2066\u202ahttp://foobar.پاکستان/\u202c\u2069','https://www.example.org/wiki/Foo_(bar)','http://a.co/ü', 'éxample.com', '日本example.com/path', 'www.example.com/ünïcödé'];
const texts = [];
function add(t) { texts.push(t); }
// 1. every emoji sequence, alone and in context; with FE0E, skin tones
for (const e of emojiList) {
  add(e);
  if (ri(4) === 0) add('a' + e + 'b');
  if (ri(8) === 0) add(e + '\ufe0e');
  if (ri(8) === 0) add(e + e + '\u{1f3fd}');
}
// 2. random mixes of pieces
const pieces = scripts.concat(urls, emojiList.slice(0, 200), [' ', ' ', ' ', 'a', 'e']);
for (let n = 0; n < 6000; n++) {
  let t = '';
  const k = 1 + ri(25);
  for (let j = 0; j < k; j++) {
    const r = ri(10);
    if (r < 2) t += pick(urls);
    else if (r < 4) t += pick(emojiList);
    else t += pick(scripts);
    if (ri(3) === 0) t += ' ';
  }
  add(t);
}
// 3. NFD / decomposed input
for (let n = 0; n < 800; n++) {
  let t = '';
  const k = 1 + ri(40);
  for (let j = 0; j < k; j++) t += pick(['é','Å','ñ','가','한국어','Ω','Å','ḗ','ǻ','ᾅ','\ufb2c','\u{2f800}','ä','ö','ü','x', ' ', '😀', 'example.com', 'ḍ̇']);
  add(ri(2) ? t.normalize('NFD') : t);
}
// 4. combining mark pile-ups (beyond 30)
for (let n = 0; n < 200; n++) {
  let t = pick(['a','e','','x y ','ᄀ','가']);
  const k = ri(80);
  for (let j = 0; j < k; j++) t += pick(['\u0301','\u0316','\u0327','\u0308','\u0300','\u05b4','\u0f71','\u0344','\u1161','\u11a8']);
  t += pick(['', 'b', ' example.com', '😀']);
  add(t);
}
// 5. around the limit: lengths 270-290 of various units
for (let n = 0; n < 1500; n++) {
  const unit = pick(['a','あ','😷','👨‍👩‍👧‍👦','🧑‍💻','é','e\u0301',' http://example.com ','x.com ','\ufb2c','\u1100\u1161','€','🇺🇸']);
  const reps = Math.max(1, Math.floor((250 + ri(60)) / (unit.length || 1)));
  let t = unit.repeat(ri(2) ? reps : ri(300));
  if (ri(3) === 0) t = pick(scripts) + t;
  if (ri(3) === 0) t = t + pick(scripts) + pick(urls);
  if (ri(5) === 0) t = t.slice(0, ri(t.length + 1)) + pick(['\ufeff','\ufffe','\uffff','\u202e']) + t.slice(ri(t.length + 1));
  add(t);
}
// 6. long texts (25,000 units and around)
for (let n = 0; n < 60; n++) {
  let t = '';
  while (t.length < 24000 + ri(2000)) {
    const r = ri(10);
    if (r < 1) t += pick(urls) + ' ';
    else if (r < 3) t += pick(emojiList);
    else if (r < 6) t += pick(['The quick brown fox ', '中文字符测试', 'こんにちは', 'Привет мир ', 'مرحبا ', 'שלום ']);
    else t += pick(scripts);
  }
  add(n % 3 === 0 ? t.normalize('NFD') : t);
}
// 7. permillage quirk lengths
for (const L of [2261, 4487, 4522, 8974, 280, 281, 279, 0, 1]) add('a'.repeat(L));
// drop texts with lone surrogates (a Go string cannot hold them)
const out = texts.filter(t => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(t));
fs.writeFileSync(process.env.OUT || 'texts.jsonl', out.map(t => JSON.stringify({ text: t })).join('\n') + '\n');
console.log(out.length, 'texts');
