// Short random texts over an alphabet of URL, emoji and normalization hazards.
const fs = require('fs');
let seed = Number(process.env.SEED || 4242);
function rnd() { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; }
const pick = a => a[Math.floor(rnd() * a.length)];
const alpha = ['a','b','x','1','.','.','/','/',':','-','_','@','#','$','?','=','&','(',')','~','!',',',"'",'"','`',' ',' ','\n','co','com','org','jp','рф','みんな','中国','xn--p1ai','xn--','http://','https://','HTTP://','t.co/','www.','example','😀','🧑','\u200d','💻','\ufe0f','🏽','🇺','🇸','1','\u20e3','日','本','é','e','\u0301','\u0316','Ａ','＠','＃','\u202e','\u2066','\u200e','\u061c','\ufeff','\ufffe','\uffff','\u3002','\uff0e','\u00a0','\u3000','\u200b','ſ','K','\u212a','İ','ı','ü','а','\u2013','|','[',']','*','+',';','%'];
const out = [];
for (let n = 0; n < 30000; n++) {
  let t = ''; const k = 1 + Math.floor(rnd() * 30);
  for (let j = 0; j < k; j++) t += pick(alpha);
  out.push(t);
}
const ok = out.filter(t => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(t));
fs.writeFileSync(process.env.OUT || 'texts3.jsonl', ok.map(t => JSON.stringify({ text: t })).join('\n') + '\n');
console.log(ok.length, 'texts');
